package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
)

// The text of `wimlens info` follows `wimlib-imagex info` line for line,
// so that people and scripts used to one read the other.

// wimlibTime formats a time as wimlib-imagex does, in whole seconds UTC.
// An absent time is FILETIME 0, as wimlib shows it.
func wimlibTime(t time.Time) string {
	if t.IsZero() {
		return filetimeString(0)
	}
	return t.UTC().Format(wimlibTimeLayout)
}

const wimlibTimeLayout = "Mon Jan 02 15:04:05 2006 UTC"

// filetimeString formats a FILETIME as wimlib does: whole seconds, UTC.
func filetimeString(t meta.Filetime) string { return t.Time().Format(wimlibTimeLayout) }

// printSummary prints FILE's own header, a later part's when FILE is one,
// as wimlib does.
func printSummary(w io.Writer, a *archive) {
	h := a.given
	var attrs []string
	for _, x := range []struct {
		on   bool
		name string
	}{
		{h.Pipable(), "Pipable"},
		{h.Integrity.OriginalSize > 0, "Integrity info"},
		{h.Flags&wim.FlagRPFix != 0, "Relative path junction"},
		{h.Flags&wim.FlagResourceOnly != 0, "Resource only"},
		{h.Flags&wim.FlagMetadataOnly != 0, "Metadata only"},
		{h.Flags&wim.FlagReadOnly != 0, "Readonly"},
	} {
		if x.on {
			attrs = append(attrs, x.name)
		}
	}
	fmt.Fprintf(w, "WIM Information:\n----------------\n")
	fmt.Fprintf(w, "Path:           %s\n", a.name)
	fmt.Fprintf(w, "GUID:           0x%s\n", h.GUIDString())
	fmt.Fprintf(w, "Version:        %d\n", h.Version)
	fmt.Fprintf(w, "Image Count:    %d\n", h.ImageCount)
	fmt.Fprintf(w, "Compression:    %s\n", h.Compression())
	fmt.Fprintf(w, "Chunk Size:     %d bytes\n", h.ChunkSize)
	fmt.Fprintf(w, "Part Number:    %d/%d\n", h.PartNumber, h.TotalParts)
	fmt.Fprintf(w, "Boot Index:     %d\n", h.BootIndex)
	fmt.Fprintf(w, "Size:           %d bytes\n", a.Info.TotalBytes)
	fmt.Fprintf(w, "Attributes:     %s\n\n", strings.Join(attrs, ", "))
}

// printImages prints every image (index 0) or one.
func printImages(w io.Writer, a *archive, index int) {
	title := "Available Images:"
	if index > 0 {
		title = fmt.Sprintf("Information for Image %d", index)
	}
	fmt.Fprintf(w, "%s\n%s\n", title, strings.Repeat("-", len(title)))
	for _, im := range a.Info.Images {
		if index == 0 || im.Index == index {
			printImage(w, im)
		}
	}
}

func printImage(w io.Writer, im wim.ImageInfo) {
	line := func(key string, v any) {
		if s, ok := v.(string); ok {
			v = oneLine(s) // the XML's text, written by whoever made the file
		}
		fmt.Fprintf(w, "%-24s%v\n", key+":", v)
	}
	optional := func(key, v string) {
		if v != "" {
			line(key, v)
		}
	}
	line("Index", im.Index)
	line("Name", im.Name)
	line("Description", im.Description)
	optional("Display Name", im.DisplayName)
	optional("Display Description", im.DisplayDescription)
	line("Directory Count", im.DirCount)
	line("File Count", im.FileCount)
	line("Total Bytes", im.TotalBytes)
	line("Hard Link Bytes", im.HardLinkBytes)
	line("Creation Time", wimlibTime(im.CreationTime))
	line("Last Modification Time", wimlibTime(im.LastModificationTime))
	if win := im.Windows; win != nil {
		line("Architecture", win.ArchName())
		optional("Product Name", win.ProductName)
		optional("Edition ID", win.EditionID)
		optional("Installation Type", win.InstallationType)
		optional("HAL", win.HAL)
		optional("Product Type", win.ProductType)
		optional("Product Suite", win.ProductSuite)
		if win.HasLanguages {
			// wimlib ends each language with a space, and prints the
			// line for a <LANGUAGES> that lists none.
			fmt.Fprintf(w, "%-24s", "Languages:")
			for _, l := range win.Languages {
				if l != "" { // wimlib passes over an empty <LANGUAGE>
					fmt.Fprintf(w, "%s ", oneLine(l))
				}
			}
			fmt.Fprintln(w)
		}
		optional("Default Language", win.DefaultLanguage)
		optional("System Root", win.SystemRoot)
		// wimlib prints these when <VERSION> is present; wim.WindowsInfo
		// does not say, and a real one is never all zeros.
		if win.Major|win.Minor|win.Build|win.SPBuild|win.SPLevel != 0 {
			line("Major Version", win.Major)
			line("Minor Version", win.Minor)
			line("Build", win.Build)
			line("Service Pack Build", win.SPBuild)
			line("Service Pack Level", win.SPLevel)
		}
	}
	optional("Flags", im.Flags)
	wimboot := "no"
	if im.WIMBoot {
		wimboot = "yes"
	}
	line("WIMBoot compatible", wimboot)
	fmt.Fprintln(w)
}

func printHeader(w io.Writer, h *wim.Header) {
	d := view.StoredHeader(h)
	line := func(key string, v any) { fmt.Fprintf(w, "%-28s= %v\n", key, v) }
	line("Magic Characters", d.Magic)
	line("Header Size", d.Size)
	line("Version", fmt.Sprintf("%#x", d.Version))
	line("Flags", fmt.Sprintf("%#x", d.Flags))
	for _, n := range d.FlagNames {
		fmt.Fprintf(w, "    WIM_HDR_FLAG_%s is set\n", n)
	}
	line("Chunk Size", d.ChunkSize)
	line("GUID", d.GUID)
	line("Part Number", d.PartNumber)
	line("Total Parts", d.TotalParts)
	line("Image Count", d.ImageCount)
	for _, r := range []struct {
		name string
		r    view.Resource
		orig string // wimlib spells it two ways
	}{{"Blob Table", d.BlobTable, "Original_size"}, {"XML Data", d.XML, "Original Size"}, {"Boot Metadata", d.BootMetadata, "Original Size"}} {
		line(r.name+" Size", r.r.StoredSize)
		line(r.name+" Flags", fmt.Sprintf("%#x", r.r.Flags))
		line(r.name+" Offset", r.r.Offset)
		line(r.name+" "+r.orig, r.r.OriginalSize)
	}
	line("Boot Index", d.BootIndex)
	line("Integrity Size", d.Integrity.StoredSize)
	line("Integrity Flags", fmt.Sprintf("%#x", d.Integrity.Flags))
	line("Integrity Offset", d.Integrity.Offset)
	line("Integrity Original_size", d.Integrity.OriginalSize)
}

func printBlobs(w io.Writer, a *archive) {
	for _, b := range view.DescribeBlobs(a.Archive) {
		// As in wimlib, a part of a split WIM lists its own table.
		if a.given.TotalParts > 1 && b.Part != int(a.given.PartNumber) {
			continue
		}
		printBlob(w, b)
		fmt.Fprintln(w)
	}
}

// printBlob prints a blob as wimlib-imagex prints a resource, in info
// --blobs and in the streams of dir --detailed.
func printBlob(w io.Writer, b view.Blob) {
	line := func(key string, format string, v any) { fmt.Fprintf(w, "%-18s= "+format+"\n", key, v) }
	line("Hash", "0x%s", b.Hash)
	line("Uncompressed size", "%d bytes", b.Size)
	if b.Solid {
		line("Solid resource", "%s", fmt.Sprintf("%d => %d bytes @ offset %d", b.SolidSize, b.StoredSize, b.SolidOffset))
		line("Solid offset", "%d bytes", b.Offset)
	} else {
		line("Compressed size", "%d bytes", b.StoredSize)
		line("Offset in WIM", "%d bytes", b.Offset)
	}
	line("Part Number", "%d", b.Part)
	line("Reference Count", "%d", b.RefCount)
	var flags strings.Builder
	for _, f := range []string{"COMPRESSED", "METADATA", "FREE", "SPANNED", "SOLID"} { // wimlib's order
		if slices.Contains(b.Flags, f) {
			flags.WriteString("WIM_RESHDR_FLAG_" + f + "  ")
		}
	}
	line("Flags", "%s", flags.String())
}
