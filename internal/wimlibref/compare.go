package wimlibref

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io"
	"sort"

	"github.com/wimlens/wimlens/core/meta"
)

// TimeString formats a timestamp as wimlib-imagex prints it (whole seconds, UTC).
func TimeString(t meta.Filetime) string { return t.Time().Format("Mon Jan 02 15:04:05 2006 UTC") }

// Diff lists every way img differs from wimlib's entries; empty when equal.
// With contents set, every stream is also read and checked against its hash.
func Diff(img *meta.Image, want []Entry, contents bool) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	got := map[string]*meta.File{}
	_ = img.Walk(func(f *meta.File) error {
		got[f.Path()] = f
		return nil
	})
	seen := map[string]bool{}
	for _, e := range want {
		seen[e.Path] = true
		f, ok := got[e.Path]
		if !ok {
			bad("%s: missing", e.Path)
			continue
		}
		out = append(out, diffEntry(f, e, contents)...)
	}
	var extra []string
	for p := range got {
		if !seen[p] {
			extra = append(extra, p)
		}
	}
	sort.Strings(extra)
	for _, p := range extra {
		bad("%s: not listed by wimlib", p)
	}
	return out
}

func diffEntry(f *meta.File, e Entry, contents bool) []string {
	var out []string
	check := func(what string, got, want any) {
		if fmt.Sprint(got) != fmt.Sprint(want) {
			out = append(out, fmt.Sprintf("%s: %s = %v, wimlib %v", e.Path, what, got, want))
		}
	}
	check("short name", f.ShortName, e.ShortName)
	check("attributes", fmt.Sprintf("%#08x", uint32(f.Attributes)), fmt.Sprintf("%#08x", e.Attributes))
	check("security descriptor", hex.EncodeToString(f.SecurityDescriptor()), e.SecurityDescriptor)
	check("creation time", TimeString(f.Creation), e.Creation)
	check("last write time", TimeString(f.LastWrite), e.LastWrite)
	check("last access time", TimeString(f.LastAccess), e.LastAccess)
	if f.Attributes&meta.AttrReparsePoint != 0 {
		check("reparse tag", fmt.Sprintf("%#x", f.ReparseTag), fmt.Sprintf("%#x", e.ReparseTag))
	}
	check("link group", f.LinkGroup, e.LinkGroupID)
	check("link count", len(f.Links()), e.LinkCount)
	unix := ""
	if u := f.Unix(); u != nil && u.Mode != 0 {
		unix = fmt.Sprintf("uid:%d gid:%d mode:0%o rdev:0x%x", u.UID, u.GID, u.Mode, u.Rdev)
	}
	check("UNIX data", unix, e.UnixData)
	check("has object ID", len(f.ObjectID()) > 0, e.ObjectID != "")

	// wimlib lists the default stream (reparse data for reparse points, raw
	// EFS data for encrypted files, else the unnamed data), then named ones.
	var streams []meta.Stream
	for _, s := range f.Streams {
		if s.Name == "" && s.Type == defaultType(f) {
			streams = append([]meta.Stream{s}, streams...)
		} else if s.Name != "" {
			streams = append(streams, s)
		}
	}
	if len(streams) != len(e.Streams) {
		check("stream count", len(streams), len(e.Streams))
		return out
	}
	for i, s := range streams {
		w := e.Streams[i]
		name := fmt.Sprintf("stream %q", s.Name)
		check(name+" name", s.Name, w.Name)
		check(name+" kind", kindOf(f, s), w.Kind)
		check(name+" hash", s.Hash.String(), w.Hash)
		if !s.Missing {
			check(name+" size", s.Size, w.Size)
		}
		if contents && !s.Hash.IsZero() && !s.Missing && s.Type == meta.StreamData {
			r, err := f.OpenStream(s.Name)
			if err != nil {
				out = append(out, fmt.Sprintf("%s: %s: %v", e.Path, name, err))
				continue
			}
			h := sha1.New()
			if _, err := io.Copy(h, r); err != nil {
				out = append(out, fmt.Sprintf("%s: %s: %v", e.Path, name, err))
				continue
			}
			check(name+" content SHA-1", hex.EncodeToString(h.Sum(nil)), s.Hash.String())
		}
	}
	return out
}

func defaultType(f *meta.File) meta.StreamType {
	switch {
	case f.Attributes&meta.AttrEncrypted != 0:
		return meta.StreamEFS
	case f.Attributes&meta.AttrReparsePoint != 0:
		return meta.StreamReparse
	}
	return meta.StreamData
}

func kindOf(f *meta.File, s meta.Stream) string {
	switch {
	case s.Name != "":
		return "Named data stream"
	case f.Attributes&meta.AttrEncrypted != 0:
		return "Raw encrypted data stream"
	case f.Attributes&meta.AttrReparsePoint != 0:
		return "Reparse point stream"
	}
	return "Unnamed data stream"
}
