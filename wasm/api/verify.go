package api

import (
	"context"
	"fmt"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

// Verified is the outcome of verify.
type Verified struct {
	OK           bool          `json:"ok"`
	Blobs        int           `json:"blobs"`
	Bytes        int64         `json:"bytes"`
	HasIntegrity bool          `json:"hasIntegrity"`
	Integrity    *ErrorInfo    `json:"integrity,omitempty"`
	Faults       []VerifyFault `json:"faults"`
}

// VerifyFault is a blob that failed, with the files that use it.
type VerifyFault struct {
	Hash  string     `json:"sha1"`
	Error *ErrorInfo `json:"error"`
	Paths []string   `json:"paths"` // "image N: /path", at most maxFaultPaths
	Users int        `json:"users"` // all the streams that use it
}

// maxFaultPaths bounds the paths listed per corrupt blob.
const maxFaultPaths = 20

func (s *session) verify(ctx context.Context, out Out) (*Verified, error) {
	rep, err := s.a.Verify(ctx, out.Progress)
	if err != nil {
		return nil, err
	}
	v := &Verified{Blobs: rep.Blobs, Bytes: rep.Bytes, HasIntegrity: rep.HasIntegrity, Faults: []VerifyFault{}}
	if rep.Integrity != nil {
		v.Integrity = Describe(rep.Integrity)
	}
	var hashes []digest.SHA1 // of v.Faults: the blobs whose users are listed
	fault := func(h digest.SHA1, err error) {
		hashes = append(hashes, h)
		v.Faults = append(v.Faults, VerifyFault{Hash: h.String(), Error: Describe(err), Paths: []string{}})
	}
	for _, f := range rep.Faults {
		fault(f.Hash, f.Err)
	}
	// The images verify could not vouch for are parsed: one that does not
	// parse is a fault of its own; a blob the others use that no part
	// holds is a fault like a damaged one.
	var images []VerifyFault
	missing := map[digest.SHA1]bool{}
	for _, i := range rep.Unsound {
		li, err := s.image(i)
		if err != nil {
			mb, _ := s.a.MetadataBlob(i)
			images = append(images, VerifyFault{Hash: mb.Hash.String(), Error: Describe(err), Users: 1,
				Paths: []string{fmt.Sprintf("image %d: its metadata (the whole file tree)", i)}})
			continue
		}
		li.img.Walk(func(file *meta.File) error {
			for _, st := range file.Streams {
				if st.Missing && !missing[st.Hash] {
					missing[st.Hash] = true
					fault(st.Hash, fmt.Errorf("blob %s: %w", st.Hash, wim.ErrMissingBlob))
				}
			}
			return nil
		})
	}
	if len(hashes) > 0 {
		byHash := map[digest.SHA1]*VerifyFault{}
		for i, h := range hashes {
			byHash[h] = &v.Faults[i]
		}
		s.blobUsers(byHash)
	}
	v.Faults = append(v.Faults, images...)
	v.OK = rep.Integrity == nil && len(v.Faults) == 0
	return v, nil
}

// blobUsers fills in which files use each faulty blob, across all images.
// An image whose own metadata is faulty cannot be walked; that is said.
func (s *session) blobUsers(faults map[digest.SHA1]*VerifyFault) {
	note := func(f *VerifyFault, path string) {
		if f.Users++; len(f.Paths) < maxFaultPaths {
			f.Paths = append(f.Paths, path)
		}
	}
	for i := 1; i <= s.a.ImageCount(); i++ {
		if mb, err := s.a.MetadataBlob(i); err == nil {
			if f, bad := faults[mb.Hash]; bad {
				note(f, fmt.Sprintf("image %d: its metadata (the whole file tree)", i))
				continue
			}
		}
		li, err := s.image(i)
		if err != nil {
			continue
		}
		li.img.Walk(func(file *meta.File) error {
			for _, st := range file.Streams {
				if f, bad := faults[st.Hash]; bad {
					path := fmt.Sprintf("image %d: %s", i, file.Path())
					if st.Name != "" {
						path += ":" + st.Name
					}
					note(f, path)
				}
			}
			return nil
		})
	}
}
