package main

import (
	"fmt"
	"io"
	"slices"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

// verifyJSON is `wimlens verify --json`; the text output says the same.
type verifyJSON struct {
	OK             bool        `json:"ok"`
	Blobs          int         `json:"blobs"` // blobs hashed, metadata included
	Bytes          int64       `json:"bytes"` // uncompressed bytes hashed
	Integrity      string      `json:"integrity"`
	IntegrityError string      `json:"integrityError,omitempty"`
	MissingParts   []int       `json:"missingParts,omitempty"`
	Faults         []faultJSON `json:"faults"`
}

// Integrity verdicts.
const (
	integrityOK     = "ok"
	integrityAbsent = "absent"
	integrityBad    = "bad"
)

// faultJSON is one problem: a blob, or an image's metadata.
type faultJSON struct {
	// Kind is "damaged" (a blob that cannot be read or hashes wrong),
	// "missing" (used by files but in no part given), or "image" (an
	// image's metadata that does not parse).
	Kind   string    `json:"kind"`
	Hash   string    `json:"sha1"`
	Error  string    `json:"error"`
	UsedBy []useJSON `json:"usedBy"`
}

// useJSON is where a blob is used: a file's stream or an image's metadata.
type useJSON struct {
	Image    int    `json:"image"`
	Path     string `json:"path,omitempty"`
	Stream   string `json:"stream,omitempty"` // a named stream's name
	Metadata bool   `json:"metadata,omitempty"`
}

// verifyCommand is verify's command line, which a helper engine reads too.
func verifyCommand() (*command, *bool) {
	c := newCommand("verify", 1, 1, "FILE")
	return c, c.Bool("json", false, "print JSON")
}

// helperMin is the least an archive holds for verify to take a helper
// engine, where there are helpers: starting one costs a few tenths of a
// second.
var helperMin int64 = 64 << 20

func runVerify(e *env, args []string) error {
	c, asJSON := verifyCommand()
	// The helper starts while this engine opens the archive.
	h := startShardHelper(args)
	defer func() {
		if h != nil {
			h.stop()
		}
	}()
	a, _, err := c.open(e, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if h != nil && a.VerifyBytes() < helperMin {
		h.stop()
		h = nil
	}
	progress, clear := e.progress("verifying")
	rep, err := verifyShared(e.ctx, a.Archive, progress, h)
	clear()
	if err != nil {
		return err
	}
	v, err := judge(e, a, rep)
	if err != nil {
		return err
	}
	if *asJSON {
		err = writeJSON(e.out, v)
	} else {
		printVerify(e.out, v)
	}
	if err == nil && !v.OK {
		err = &problemsError{fmt.Sprintf("%s: verification failed: %d faults, integrity table %s, %d parts missing",
			a.name, len(v.Faults), v.Integrity, len(v.MissingParts))}
	}
	return err
}

// judge turns the archive's report into faults, each with every file (in
// every image) that uses the blob, and adds the blobs files use that the
// archive does not have.
func judge(e *env, a *archive, rep *wim.VerifyReport) (*verifyJSON, error) {
	v := &verifyJSON{Blobs: rep.Blobs, Bytes: rep.Bytes, Integrity: integrityAbsent, Faults: []faultJSON{}}
	_, v.MissingParts = a.Parts()
	switch {
	case rep.Integrity != nil:
		v.Integrity, v.IntegrityError = integrityBad, rep.Integrity.Error()
	case rep.HasIntegrity:
		v.Integrity = integrityOK
	}
	byHash := map[digest.SHA1]int{} // index into v.Faults
	for _, f := range rep.Faults {
		byHash[f.Hash] = len(v.Faults)
		v.Faults = append(v.Faults, faultJSON{Kind: "damaged", Hash: f.Hash.String(), Error: f.Err.Error(), UsedBy: []useJSON{}})
	}
	for i := 1; i <= a.ImageCount(); i++ {
		mb, _ := a.MetadataBlob(i)
		if k, ok := byHash[mb.Hash]; ok {
			v.Faults[k].UsedBy = append(v.Faults[k].UsedBy, useJSON{Image: i, Metadata: true})
			continue
		}
		// An image adds nothing to a clean report when verify found it
		// sound, which takes a fraction of parsing it: on js/wasm, the
		// parse had been a tenth of verifying an uncompressed /usr/share.
		if len(rep.Faults) == 0 && !slices.Contains(rep.Unsound, i) {
			continue
		}
		img, err := a.Image(i)
		if err != nil {
			v.Faults = append(v.Faults, faultJSON{Kind: "image", Hash: mb.Hash.String(), Error: err.Error(),
				UsedBy: []useJSON{{Image: i, Metadata: true}}})
			continue
		}
		err = walk(e, img.Root, func(f *meta.File) error {
			for _, s := range f.Streams {
				if s.Missing {
					if _, ok := byHash[s.Hash]; !ok {
						byHash[s.Hash] = len(v.Faults)
						v.Faults = append(v.Faults, faultJSON{Kind: "missing", Hash: s.Hash.String(),
							Error: "no part given holds this blob", UsedBy: []useJSON{}})
					}
				}
				if k, ok := byHash[s.Hash]; ok {
					v.Faults[k].UsedBy = append(v.Faults[k].UsedBy, useJSON{Image: i, Path: f.Path(), Stream: s.Name})
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	v.OK = len(v.Faults) == 0 && len(v.MissingParts) == 0 && v.Integrity != integrityBad
	return v, nil
}

func printVerify(w io.Writer, v *verifyJSON) {
	for _, f := range v.Faults {
		fmt.Fprintf(w, "%s blob %s: %s\n", f.Kind, f.Hash, oneLine(f.Error))
		for _, u := range f.UsedBy {
			switch {
			case u.Metadata:
				fmt.Fprintf(w, "    image %d metadata\n", u.Image)
			case u.Stream != "":
				fmt.Fprintf(w, "    image %d: %s:%s\n", u.Image, u.Path, u.Stream)
			default:
				fmt.Fprintf(w, "    image %d: %s\n", u.Image, u.Path)
			}
		}
	}
	if len(v.MissingParts) > 0 {
		fmt.Fprintf(w, "missing parts: %v\n", v.MissingParts)
	}
	if v.IntegrityError != "" {
		fmt.Fprintf(w, "integrity table: %s\n", oneLine(v.IntegrityError))
	}
	verdict := "OK"
	if !v.OK {
		verdict = "PROBLEMS FOUND"
	}
	fmt.Fprintf(w, "%s: %d blobs, %d bytes checked; %d faults; integrity table %s\n",
		verdict, v.Blobs, v.Bytes, len(v.Faults), v.Integrity)
}
