package wim

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

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

// The XML shapes, for encoding/xml; converted to Info afterwards so that the
// exported types stay plain and numbers can be hex or decimal.
type xmlWIM struct {
	TotalBytes string     `xml:"TOTALBYTES"`
	Images     []xmlImage `xml:"IMAGE"`
	ESD        *struct {
		Encrypted *struct{} `xml:"ENCRYPTED"`
	} `xml:"ESD"`
}

type xmlTime struct {
	High string `xml:"HIGHPART"`
	Low  string `xml:"LOWPART"`
}

type xmlImage struct {
	Index              string   `xml:"INDEX,attr"`
	Name               string   `xml:"NAME"`
	Description        string   `xml:"DESCRIPTION"`
	DisplayName        string   `xml:"DISPLAYNAME"`
	DisplayDescription string   `xml:"DISPLAYDESCRIPTION"`
	Flags              string   `xml:"FLAGS"`
	DirCount           string   `xml:"DIRCOUNT"`
	FileCount          string   `xml:"FILECOUNT"`
	TotalBytes         string   `xml:"TOTALBYTES"`
	HardLinkBytes      string   `xml:"HARDLINKBYTES"`
	Creation           *xmlTime `xml:"CREATIONTIME"`
	LastModification   *xmlTime `xml:"LASTMODIFICATIONTIME"`
	WIMBoot            string   `xml:"WIMBOOT"`
	Windows            *struct {
		Arch             string `xml:"ARCH"`
		ProductName      string `xml:"PRODUCTNAME"`
		EditionID        string `xml:"EDITIONID"`
		InstallationType string `xml:"INSTALLATIONTYPE"`
		ProductType      string `xml:"PRODUCTTYPE"`
		ProductSuite     string `xml:"PRODUCTSUITE"`
		HAL              string `xml:"HAL"`
		Languages        struct {
			Language []string `xml:"LANGUAGE"`
			Default  string   `xml:"DEFAULT"`
		} `xml:"LANGUAGES"`
		Version struct {
			Major   string `xml:"MAJOR"`
			Minor   string `xml:"MINOR"`
			Build   string `xml:"BUILD"`
			SPBuild string `xml:"SPBUILD"`
			SPLevel string `xml:"SPLEVEL"`
		} `xml:"VERSION"`
		SystemRoot string `xml:"SYSTEMROOT"`
	} `xml:"WINDOWS"`
}

// num reads an XML number as wimlib does (strtoull base 0): decimal, or hex
// with 0x. Junk reads as 0, since the XML is informational.
func num(s string) uint64 {
	v, _ := strconv.ParseUint(strings.TrimSpace(s), 0, 64)
	return v
}

func (t *xmlTime) time() time.Time {
	if t == nil {
		return time.Time{}
	}
	return meta.Filetime(num(t.High)<<32 | num(t.Low)&0xffffffff).Time()
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

// ParseXML decodes a WIM's XML data (UTF-16LE bytes).
func ParseXML(b []byte) (*Info, error) {
	raw := decodeUTF16(b)
	var doc xmlWIM
	d := xml.NewDecoder(strings.NewReader(raw))
	// The document was UTF-16 on disk; it is UTF-8 now whatever it declares.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	if err := d.Decode(&doc); err != nil && !(err == io.EOF && raw == "") {
		return &Info{Raw: raw}, fmt.Errorf("%w: XML data: %v", ErrFormat, err)
	}
	info := &Info{Raw: raw, TotalBytes: num(doc.TotalBytes), Encrypted: doc.ESD != nil && doc.ESD.Encrypted != nil}
	for i, x := range doc.Images {
		im := ImageInfo{
			Index: i + 1, Name: x.Name, Description: x.Description,
			DisplayName: x.DisplayName, DisplayDescription: x.DisplayDescription, Flags: x.Flags,
			DirCount: num(x.DirCount), FileCount: num(x.FileCount),
			TotalBytes: num(x.TotalBytes), HardLinkBytes: num(x.HardLinkBytes),
			CreationTime: x.Creation.time(), LastModificationTime: x.LastModification.time(),
			WIMBoot: num(x.WIMBoot) != 0,
		}
		if n := num(x.Index); n > 0 {
			im.Index = int(n)
		}
		if w := x.Windows; w != nil {
			im.Windows = &WindowsInfo{
				Arch: num(w.Arch), ProductName: w.ProductName, EditionID: w.EditionID,
				InstallationType: w.InstallationType, ProductType: w.ProductType,
				ProductSuite: w.ProductSuite, HAL: w.HAL,
				Languages: w.Languages.Language, DefaultLanguage: w.Languages.Default,
				Major: num(w.Version.Major), Minor: num(w.Version.Minor), Build: num(w.Version.Build),
				SPBuild: num(w.Version.SPBuild), SPLevel: num(w.Version.SPLevel),
				SystemRoot: w.SystemRoot,
			}
		}
		info.Images = append(info.Images, im)
	}
	return info, nil
}

// readXML reads part 1's XML resource.
func readXML(a *Archive, p *part) (*Info, error) {
	rh := p.hdr.XML
	if rh.OriginalSize == 0 {
		return &Info{}, nil
	}
	if why := checkResource(p, rh); why != "" {
		return nil, malformed(p.number, 72, "XML data", "%s", why)
	}
	res := &resource{label: "XML data"}
	initResource(res, p, rh)
	b := make([]byte, rh.OriginalSize) // bounded by the file size in readHeader
	if err := res.read(a, b, 0); err != nil {
		return nil, err
	}
	info, err := ParseXML(b)
	if err != nil {
		return info, &FormatError{Part: p.number, Offset: int64(rh.Offset), Field: "XML data", Err: err}
	}
	return info, nil
}
