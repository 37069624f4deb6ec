package main

import (
	"fmt"
	"io"
	"sort"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/view"
)

// printDetailed prints one entry for dir --detailed. The layout is
// wimlib-imagex dir --detailed's, key = value lines that its readers
// already parse, with the security descriptor as SDDL instead of hex and
// lines wimlib lacks: the reparse target, a reparse point's unnamed data
// and the entry's anomalies. Names are printed between quotes, as wimlib
// prints them, escaped by oneLine.
func printDetailed(w io.Writer, a *archive, f *meta.File) {
	d := view.DescribeFile(a.Archive, f)
	line := func(key, format string, v ...any) { fmt.Fprintf(w, "%-20s= "+format+"\n", append([]any{key}, v...)...) }
	fmt.Fprintln(w, "----------------------------------------------------------------------------")
	line("Full Path", `"%s"`, oneLine(d.Path))
	if d.ShortName != "" {
		line("Short Name", `"%s"`, oneLine(d.ShortName))
	}
	line("Attributes", "0x%08x", d.Attributes)
	for _, n := range d.AttributeNames {
		fmt.Fprintf(w, "    FILE_ATTRIBUTE_%s is set\n", n)
	}
	switch {
	case d.SDDLError != "":
		line("SDDL", "(security descriptor %d unreadable: %s)", d.SecurityID, oneLine(d.SDDLError))
	case d.SDDL != "":
		line("SDDL", "%s", d.SDDL)
	}
	line("Creation Time", "%s", filetimeString(f.Creation))
	line("Last Write Time", "%s", filetimeString(f.LastWrite))
	line("Last Access Time", "%s", filetimeString(f.LastAccess))
	if r := d.Reparse; r != nil {
		line("Reparse Tag", "%s (%s)", r.Tag, r.TagName)
		switch {
		case r.Error != "":
			line("Reparse Error", "%s", oneLine(r.Error))
		case r.Target != "":
			line("Reparse Target", `"%s"`, oneLine(r.Target))
		}
	}
	line("Link Group ID", "0x%016x", d.LinkGroup)
	line("Link Count", "%d", len(f.Links()))
	if u := d.Unix; u != nil {
		line("UNIX Data", "uid:%d gid:%d mode:%s rdev:0x%x", u.UID, u.GID, u.Mode, u.Rdev)
	}
	if id := f.ObjectID; len(id) > 0 {
		// The object ID proper; the birth IDs after it are in --json.
		line("Object ID", "0x%x", id[:min(16, len(id))])
	}
	for _, an := range d.Anomalies {
		line("Anomaly", "%s: %s", an.Kind, oneLine(an.Detail))
	}
	streams, data := listedStreams(f)
	if data != nil {
		line("Unnamed Data", "0x%s (%d bytes)", data.Hash, data.Size)
	}
	for _, s := range streams {
		printStream(w, a, s)
	}
}

// listedStreams orders streams as wimlib lists them: the default one (a
// reparse point's reparse data, an encrypted file's raw data, or else the
// unnamed data), then the named ones. A reparse point's unnamed data,
// which wimlib does not list, is returned apart when it holds any.
func listedStreams(f *meta.File) (streams []meta.Stream, reparseData *meta.Stream) {
	for _, s := range f.Streams {
		if s.Name == "" && s.Type == meta.StreamData && f.Attributes&meta.AttrReparsePoint != 0 {
			if !s.Hash.IsZero() {
				reparseData = &s
			}
			continue
		}
		streams = append(streams, s)
	}
	sort.SliceStable(streams, func(i, j int) bool { return streams[i].Name == "" && streams[j].Name != "" })
	return streams, reparseData
}

func printStream(w io.Writer, a *archive, s meta.Stream) {
	switch {
	case s.Name != "":
		fmt.Fprintf(w, "\tNamed data stream \"%s\":\n", oneLine(s.Name))
	case s.Type == meta.StreamReparse:
		fmt.Fprintf(w, "\tReparse point stream:\n")
	case s.Type == meta.StreamEFS:
		fmt.Fprintf(w, "\tRaw encrypted data stream:\n")
	default:
		fmt.Fprintf(w, "\tUnnamed data stream:\n")
	}
	b, ok := a.Blob(s.Hash)
	switch {
	case ok:
		printBlob(w, view.DescribeBlob(b))
	case s.Hash.IsZero():
		printBlob(w, view.Blob{Hash: digest.SHA1{}.String()})
	default:
		fmt.Fprintf(w, "%-18s= 0x%s\n%-18s= yes\n", "Hash", s.Hash, "Missing")
	}
	fmt.Fprintln(w)
}
