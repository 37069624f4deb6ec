package main

import (
	"fmt"
	"io"

	"github.com/wimlens/wimlens/core/inspect"
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
	// Kind is one of inspect's: "damaged" (a blob that cannot be read or
	// hashes wrong), "missing" (used by files but in no part given), or
	// "image" (an image's metadata that does not parse).
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

// judge turns the archive's report into faults (see inspect.Faults).
func judge(e *env, a *archive, rep *wim.VerifyReport) (*verifyJSON, error) {
	v := &verifyJSON{Blobs: rep.Blobs, Bytes: rep.Bytes, Integrity: integrityAbsent, Faults: []faultJSON{}}
	_, v.MissingParts = a.Parts()
	switch {
	case rep.Integrity != nil:
		v.Integrity, v.IntegrityError = integrityBad, rep.Integrity.Error()
	case rep.HasIntegrity:
		v.Integrity = integrityOK
	}
	faults, err := inspect.Faults(e.ctx, a.Archive, rep, a.Image)
	if err != nil {
		return nil, err
	}
	for _, f := range faults {
		fj := faultJSON{Kind: f.Kind, Hash: f.Hash.String(), Error: f.Err.Error(), UsedBy: []useJSON{}}
		for _, u := range f.UsedBy {
			uj := useJSON{Image: u.Image, Stream: u.Stream, Metadata: u.Metadata}
			if u.File != nil {
				uj.Path = u.File.Path()
			}
			fj.UsedBy = append(fj.UsedBy, uj)
		}
		v.Faults = append(v.Faults, fj)
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
