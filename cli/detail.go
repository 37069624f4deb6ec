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
// prints them, escaped by oneLine. With pe, a PE file's machine, version
// and signatures follow the times, as Explorer's Properties shows them.
func printDetailed(w io.Writer, a *archive, f *meta.File, pe bool) {
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
	if pe {
		printPE(line, view.DescribePE(f, true))
	}
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
	if id := f.ObjectID(); len(id) > 0 {
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

// printPE prints what a PE file's data says: the machine, the version
// resource's numbers and strings (quoted and escaped: they are the
// file's), and each signature's signer and issuer. Nothing is verified.
func printPE(line func(key, format string, v ...any), p *view.PE) {
	if p == nil {
		return
	}
	quoted := func(key, s string) {
		if s != "" {
			line(key, `"%s"`, oneLine(s))
		}
	}
	if p.Machine != "" {
		dll := ""
		if p.DLL {
			dll = ", DLL"
		}
		line("PE Machine", "%s (0x%04x), %s, %s%s", p.Machine, p.MachineCode, p.Format, p.Subsystem, dll)
	}
	if v := p.Version; v != nil {
		if v.FileVersion != "" {
			line("File Version", "%s", v.FileVersion)
			line("Product Version", "%s", v.ProductVersion)
		}
		quoted("FileVersion", v.FileVersionString)
		quoted("ProductVersion", v.ProductVersionString)
		quoted("CompanyName", v.CompanyName)
		quoted("FileDescription", v.FileDescription)
		quoted("ProductName", v.ProductName)
		quoted("OriginalFilename", v.OriginalFilename)
		quoted("InternalName", v.InternalName)
		quoted("LegalCopyright", v.LegalCopyright)
		line("Version Language", "0x%04x (table %s)", v.Language, oneLine(v.Table))
	}
	if p.Error != "" {
		line("PE Error", "%s", oneLine(p.Error))
	}
	if p.Machine != "" && !p.Signed {
		line("Signature", "none embedded")
	}
	for _, s := range p.Signatures {
		key := fmt.Sprintf("Signature %d", s.Entry)
		if s.Nested > 0 { // 1.1: nested in entry 1's signature
			key += fmt.Sprintf(".%d", s.Nested)
		}
		signer := "(its certificate is not in the signature)"
		if s.Signer != nil {
			signer = `"` + oneLine(s.Signer.DN) + `"`
		}
		if s.CertificateType != 2 {
			line(key, "certificate type %d, not read", s.CertificateType)
			continue
		}
		line(key, "%s signed by %s", s.Digest, signer)
		line("    Issued By", `"%s"`, oneLine(s.Issuer.DN))
		for _, c := range s.Certificates {
			line("    Certificate", `"%s" issued by "%s"`, oneLine(c.Subject.DN), oneLine(c.Issuer.DN))
		}
	}
	if p.SignatureError != "" {
		line("Signature Error", "%s", oneLine(p.SignatureError))
	}
}
