package wim

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/internal/xmltree"
	"github.com/wimlens/wimlens/core/meta"
)

// Info is the archive's XML data: per-image names, counts, sizes, times and
// the Windows block that DISM and wimlib fill in.
type Info struct {
	Raw        string // the whole document, decoded from UTF-16LE
	TotalBytes uint64
	Images     []ImageInfo
	Encrypted  bool // an ESD whose blobs are encrypted (ESD/ENCRYPTED present)
}

// ImageInfo is one <IMAGE> element.
type ImageInfo struct {
	Index                int
	Name                 string
	Description          string
	DisplayName          string
	DisplayDescription   string
	Flags                string
	DirCount             uint64
	FileCount            uint64
	TotalBytes           uint64
	HardLinkBytes        uint64
	CreationTime         time.Time
	LastModificationTime time.Time
	WIMBoot              bool
	Windows              *WindowsInfo // nil when absent
}

// WindowsInfo is an image's <WINDOWS> element.
type WindowsInfo struct {
	Arch             uint64 // 0 x86, 5 ARM, 6 IA-64, 9 x64, 12 ARM64
	ProductName      string
	EditionID        string
	InstallationType string
	ProductType      string
	ProductSuite     string
	HAL              string
	Languages        []string
	DefaultLanguage  string
	HasLanguages     bool // <LANGUAGES> is present, even with no <LANGUAGE>
	Major            uint64
	Minor            uint64
	Build            uint64
	SPBuild          uint64
	SPLevel          uint64
	SystemRoot       string
}

// ArchName names the ARCH value as wimlib prints it.
func (w *WindowsInfo) ArchName() string {
	switch w.Arch {
	case 0:
		return "x86"
	case 5:
		return "ARM"
	case 6:
		return "ia64"
	case 9:
		return "x86_64"
	case 12:
		return "ARM64"
	}
	return strconv.FormatUint(w.Arch, 10)
}

// num reads an XML number as wimlib does (strtoull base 0): decimal, or hex
// with 0x. Junk reads as 0, since the XML is informational.
func num(s string) uint64 {
	v, _ := strconv.ParseUint(strings.TrimSpace(s), 0, 64)
	return v
}

// setTexts sets the string that texts names for a child of e to the
// child's text (the last such child's, as encoding/xml did), and returns
// the other children.
func setTexts(e *xmltree.Element, texts map[string]*string) []*xmltree.Element {
	var rest []*xmltree.Element
	for _, c := range e.Children {
		if p, ok := texts[c.Name]; ok {
			*p = c.Text
		} else {
			rest = append(rest, c)
		}
	}
	return rest
}

func timeOf(hi, lo string) time.Time {
	return meta.Filetime(num(hi)<<32 | num(lo)&0xffffffff).Time()
}

// decodeUTF16 turns the XML resource's UTF-16LE bytes (with or without a
// byte-order mark) into a string.
func decodeUTF16(b []byte) string {
	if len(b) >= 2 && b[0] == 0xff && b[1] == 0xfe {
		b = b[2:]
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	// Some writers pad the resource with NUL characters.
	return strings.TrimRight(string(utf16.Decode(u)), "\x00")
}

// ParseXML decodes a WIM's XML data (UTF-16LE bytes). Elements it does
// not know are passed over; one given twice counts as encoding/xml would
// have read it into structs: the last text wins, lists grow, and a
// second <WINDOWS> or time adds to the first.
func ParseXML(b []byte) (*Info, error) {
	info, _, why := parseXML(b)
	if why != "" {
		return info, &inputerr.Error{Kind: ErrFormat, Offset: -1, Detail: why}
	}
	return info, nil
}

// parseXML is ParseXML, with the document's root element (nil when the
// document is empty), saying what is wrong, or "".
func parseXML(b []byte) (*Info, *xmltree.Element, string) {
	raw := decodeUTF16(b)
	info := &Info{Raw: raw}
	if raw == "" {
		return info, nil, ""
	}
	root, err := xmltree.Parse(raw)
	if err != nil {
		return info, nil, fmt.Sprintf("XML data: %v", err)
	}
	var total string
	for _, e := range root.Children {
		switch e.Name {
		case "TOTALBYTES":
			total = e.Text
		case "IMAGE":
			info.Images = append(info.Images, image(e, len(info.Images)+1))
		case "ESD":
			for _, c := range e.Children {
				info.Encrypted = info.Encrypted || c.Name == "ENCRYPTED"
			}
		}
	}
	info.TotalBytes = num(total)
	return info, root, ""
}

// checkUTF16 says so when the XML data holds a UTF-16 surrogate without
// its pair: decoded, it reads as U+FFFD, but wimlib refuses the document.
func checkUTF16(b []byte) string {
	for i := 0; i+1 < len(b); i += 2 {
		u := uint16(b[i]) | uint16(b[i+1])<<8
		switch {
		case u < 0xd800 || u >= 0xe000:
		case u < 0xdc00 && i+3 < len(b) && b[i+3]&0xfc == 0xdc:
			i += 2 // a pair
		default:
			return fmt.Sprintf("the XML data holds an unpaired UTF-16 surrogate %#04x at byte %d", u, i)
		}
	}
	return ""
}

// checkOutside says so when the XML data holds text before its first
// element or after its last one (a damaged byte-order mark, say), which
// wimlib's parser refuses and xmltree, as encoding/xml, reads past.
func checkOutside(raw string) string {
	doc := strings.Trim(raw, " \t\r\n")
	switch {
	case doc == "":
	case doc[0] != '<':
		return fmt.Sprintf("the XML data starts with text before its first element: %q", firstRunes(doc, 8))
	case doc[len(doc)-1] != '>':
		return "the XML data ends with text after its last element"
	}
	return ""
}

// firstRunes is s up to its n-th character.
func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// checkImages holds the XML to what wimlib asks of it before it opens a
// file: a <WIM> root element whose <IMAGE> elements are numbered 1 to n by
// their INDEX attributes, each number once, n being the header's image
// count. An empty document describes no image. It says what is wrong, or "".
func checkImages(root *xmltree.Element, count uint32) string {
	n, top := 0, uint64(0)
	if root != nil {
		if root.Name != "WIM" {
			return fmt.Sprintf("the XML data's root element is <%s>, not <WIM>", root.Name)
		}
		seen := map[uint64]bool{}
		for _, e := range root.Children {
			if e.Name != "IMAGE" {
				continue
			}
			n++
			var index string
			for _, a := range e.Attr {
				if a.Name == "INDEX" {
					index = a.Value
				}
			}
			// wimlib reads INDEX in decimal, and anything else as 0.
			i, err := strconv.ParseUint(strings.TrimLeft(index, " \t\n\v\f\r"), 10, 64)
			if err != nil || i == 0 || seen[i] {
				return fmt.Sprintf("the XML data's <IMAGE> number %d has INDEX %q, not a number from 1 up that no other image has", n, index)
			}
			seen[i], top = true, max(top, i)
		}
	}
	switch {
	case top != uint64(n):
		return fmt.Sprintf("the XML data numbers its images up to %d, but has %d", top, n)
	case uint64(n) != uint64(count):
		return fmt.Sprintf("the XML data's image count is %d, the header's %d", n, count)
	}
	return ""
}

// image reads an <IMAGE> element, the i-th, whose INDEX attribute, if a
// positive number, replaces i.
func image(e *xmltree.Element, i int) ImageInfo {
	im := ImageInfo{Index: i}
	var index string
	for _, a := range e.Attr {
		if a.Name == "INDEX" {
			index = a.Value
		}
	}
	if n := num(index); n > 0 {
		im.Index = int(n)
	}
	var dirs, files, total, hardlink, wimboot, cHi, cLo, mHi, mLo string
	var created, modified bool
	var arch, major, minor, build, spBuild, spLevel string // of every <WINDOWS>
	rest := setTexts(e, map[string]*string{
		"NAME": &im.Name, "DESCRIPTION": &im.Description, "DISPLAYNAME": &im.DisplayName,
		"DISPLAYDESCRIPTION": &im.DisplayDescription, "FLAGS": &im.Flags, "DIRCOUNT": &dirs,
		"FILECOUNT": &files, "TOTALBYTES": &total, "HARDLINKBYTES": &hardlink, "WIMBOOT": &wimboot,
	})
	for _, c := range rest {
		switch c.Name {
		case "CREATIONTIME":
			created = true
			setTexts(c, map[string]*string{"HIGHPART": &cHi, "LOWPART": &cLo})
		case "LASTMODIFICATIONTIME":
			modified = true
			setTexts(c, map[string]*string{"HIGHPART": &mHi, "LOWPART": &mLo})
		case "WINDOWS":
			// A second <WINDOWS> adds to the first.
			if im.Windows == nil {
				im.Windows = &WindowsInfo{}
			}
			w := im.Windows
			for _, c := range setTexts(c, map[string]*string{
				"ARCH": &arch, "PRODUCTNAME": &w.ProductName, "EDITIONID": &w.EditionID,
				"INSTALLATIONTYPE": &w.InstallationType, "PRODUCTTYPE": &w.ProductType,
				"PRODUCTSUITE": &w.ProductSuite, "HAL": &w.HAL, "SYSTEMROOT": &w.SystemRoot,
			}) {
				switch c.Name {
				case "LANGUAGES":
					w.HasLanguages = true
					for _, l := range setTexts(c, map[string]*string{"DEFAULT": &w.DefaultLanguage}) {
						if l.Name == "LANGUAGE" {
							w.Languages = append(w.Languages, l.Text)
						}
					}
				case "VERSION":
					setTexts(c, map[string]*string{"MAJOR": &major, "MINOR": &minor, "BUILD": &build,
						"SPBUILD": &spBuild, "SPLEVEL": &spLevel})
				}
			}
		}
	}
	im.DirCount, im.FileCount = num(dirs), num(files)
	im.TotalBytes, im.HardLinkBytes = num(total), num(hardlink)
	im.WIMBoot = num(wimboot) != 0
	if created {
		im.CreationTime = timeOf(cHi, cLo)
	}
	if modified {
		im.LastModificationTime = timeOf(mHi, mLo)
	}
	if w := im.Windows; w != nil {
		w.Arch, w.Major, w.Minor, w.Build = num(arch), num(major), num(minor), num(build)
		w.SPBuild, w.SPLevel = num(spBuild), num(spLevel)
	}
	return im
}

// readXML reads part 1's XML resource.
func readXML(a *Archive, p *part) (*Info, error) {
	rh := p.hdr.XML
	if rh.OriginalSize == 0 {
		if why := checkImages(nil, p.hdr.ImageCount); why != "" {
			return &Info{}, malformed(p.number, 72, "XML data", "%s", why)
		}
		return &Info{}, nil
	}
	if why := checkResource(p, rh); why != "" {
		return nil, malformed(p.number, 72, "XML data", "%s", why)
	}
	res := &Resource{label: "XML data"}
	initResource(res, p, rh)
	b := make([]byte, rh.OriginalSize) // bounded by the file size in readHeader
	if err := res.read(a, b, 0); err != nil {
		return nil, err
	}
	info, root, why := parseXML(b)
	if why == "" {
		why = checkUTF16(b)
	}
	if why == "" {
		why = checkOutside(info.Raw)
	}
	if why == "" {
		why = checkImages(root, p.hdr.ImageCount)
	}
	if why != "" {
		return info, malformed(p.number, int64(rh.Offset), "XML data", "%s", why)
	}
	return info, nil
}
