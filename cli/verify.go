package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/view"
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

// faultJSON is one problem: a blob, an image's metadata or entries, the
// archive as a whole, or the parts not given.
type faultJSON struct {
	// Kind is one of view's: "damaged" (a blob that cannot be read or
	// hashes wrong), "missing" (used by files but in no part given),
	// "image" (an image's metadata that does not parse), "entries" (an
	// image's entries of one kind that no writer makes: a cycle, "." or
	// "..", two of one name...), "archive" (its XML data or image counts)
	// or "parts" (parts not given: usedBy lists the files they hold).
	Kind   view.FaultKind `json:"kind"`
	Hash   string         `json:"sha1,omitempty"`
	Error  string         `json:"error"`
	UsedBy []useJSON      `json:"usedBy"`
}

// useJSON is where a blob is used: a file's stream or an image's metadata;
// or, for "entries", an entry and what is wrong with it.
type useJSON struct {
	Image    int    `json:"image"`
	Path     string `json:"path,omitempty"`
	Stream   string `json:"stream,omitempty"` // a named stream's name
	Metadata bool   `json:"metadata,omitempty"`
	Detail   string `json:"detail,omitempty"`
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
	if h != nil && bulk.VerifyBytes(a.Archive) < helperMin {
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
		why := count(len(v.Faults), "fault", "faults")
		if v.Integrity == integrityBad {
			why += ", integrity table bad"
		}
		err = &problemsError{fmt.Sprintf("%s: verification failed: %s", a.name, why)}
	}
	return err
}

// judge turns the archive's report into faults (see view.Faults).
func judge(e *env, a *archive, rep *bulk.VerifyReport) (*verifyJSON, error) {
	v := &verifyJSON{Blobs: rep.Blobs, Bytes: rep.Bytes, Integrity: integrityAbsent, Faults: []faultJSON{}}
	_, v.MissingParts = a.Parts()
	switch {
	case rep.Integrity != nil:
		v.Integrity, v.IntegrityError = integrityBad, rep.Integrity.Error()
	case rep.HasIntegrity:
		v.Integrity = integrityOK
	}
	faults, err := view.Faults(e.ctx, a.Archive, rep, a.Image)
	if err != nil {
		return nil, err
	}
	for _, f := range faults {
		fj := faultJSON{Kind: f.Kind, Error: f.Err.Error(), UsedBy: []useJSON{}}
		if !f.Hash.IsZero() {
			fj.Hash = f.Hash.String()
		}
		for _, u := range f.UsedBy {
			uj := useJSON{Image: u.Image, Stream: u.Stream, Metadata: u.Metadata, Detail: u.Detail}
			if u.File != nil {
				uj.Path = u.File.Path()
			}
			fj.UsedBy = append(fj.UsedBy, uj)
		}
		v.Faults = append(v.Faults, fj)
	}
	v.OK = len(v.Faults) == 0 && v.Integrity != integrityBad
	return v, nil
}

// maxListed bounds the files the text output lists under the missing
// parts or a kind of bad entries; --json lists them all.
const maxListed = 10

func printVerify(w io.Writer, v *verifyJSON) {
	for _, f := range v.Faults {
		uses := f.UsedBy
		switch f.Kind {
		case view.FaultArchive:
			fmt.Fprintf(w, "archive: %s\n", oneLine(f.Error))
		case view.FaultParts:
			if len(uses) == 0 {
				fmt.Fprintf(w, "%s\n", sentence(f.Error))
			} else {
				fmt.Fprintf(w, "%s: %s can't be checked\n", sentence(f.Error), count(len(uses), "file", "files"))
			}
		case view.FaultEntries:
			fmt.Fprintf(w, "image %d: %s\n", uses[0].Image, oneLine(f.Error))
		case view.FaultImage:
			fmt.Fprintf(w, "image %d metadata (blob %s): %s\n", uses[0].Image, f.Hash, oneLine(f.Error))
			uses = nil
		default:
			fmt.Fprintf(w, "%s blob %s: %s\n", f.Kind, f.Hash, oneLine(f.Error))
		}
		listed := uses
		if f.Kind == view.FaultParts || f.Kind == view.FaultEntries {
			listed = uses[:min(len(uses), maxListed)]
		}
		for _, u := range listed {
			switch {
			case u.Metadata:
				fmt.Fprintf(w, "    image %d metadata\n", u.Image)
			case u.Detail != "":
				fmt.Fprintf(w, "    %s: %s\n", oneLine(u.Path), oneLine(u.Detail))
			case u.Stream != "":
				fmt.Fprintf(w, "    image %d: %s:%s\n", u.Image, oneLine(u.Path), oneLine(u.Stream))
			default:
				fmt.Fprintf(w, "    image %d: %s\n", u.Image, oneLine(u.Path))
			}
		}
		if more := len(uses) - len(listed); more > 0 {
			fmt.Fprintf(w, "    and %d more (verify --json lists them all)\n", more)
		}
	}
	if v.IntegrityError != "" {
		fmt.Fprintf(w, "integrity table: %s\n", oneLine(v.IntegrityError))
	}
	verdict := "OK"
	if !v.OK {
		verdict = "PROBLEMS FOUND"
	}
	fmt.Fprintf(w, "%s: %s, %d bytes checked; %s; integrity table %s\n",
		verdict, count(v.Blobs, "blob", "blobs"), v.Bytes, count(len(v.Faults), "fault", "faults"), v.Integrity)
}

// sentence starts s with a capital letter.
func sentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
