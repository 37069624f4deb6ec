package api

import (
	"context"
	"fmt"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
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
	v := &Verified{OK: rep.OK(), Blobs: rep.Blobs, Bytes: rep.Bytes, HasIntegrity: rep.HasIntegrity, Faults: []VerifyFault{}}
	if rep.Integrity != nil {
		v.Integrity = Describe(rep.Integrity)
	}
	byHash := map[digest.SHA1]*VerifyFault{}
	for _, f := range rep.Faults {
		v.Faults = append(v.Faults, VerifyFault{Hash: f.Hash.String(), Error: Describe(f.Err), Paths: []string{}})
	}
	for i, f := range rep.Faults {
		byHash[f.Hash] = &v.Faults[i]
	}
	if len(byHash) > 0 {
		s.blobUsers(byHash)
	}
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
