package wim_test

import (
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

// ParseXML was encoding/xml reading into these shapes until its
// reflection proved costly in the js/wasm engines (see xmltree). The old
// reading is kept here as the oracle the new one must agree with.
type oldWIM struct {
	TotalBytes string     `xml:"TOTALBYTES"`
	Images     []oldImage `xml:"IMAGE"`
	ESD        *struct {
		Encrypted *struct{} `xml:"ENCRYPTED"`
	} `xml:"ESD"`
}

type oldTime struct {
	High string `xml:"HIGHPART"`
	Low  string `xml:"LOWPART"`
}

type oldImage struct {
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
	Creation           *oldTime `xml:"CREATIONTIME"`
	LastModification   *oldTime `xml:"LASTMODIFICATIONTIME"`
	WIMBoot            string   `xml:"WIMBOOT"`
	Windows            *struct {
		Arch             string `xml:"ARCH"`
		ProductName      string `xml:"PRODUCTNAME"`
		EditionID        string `xml:"EDITIONID"`
		InstallationType string `xml:"INSTALLATIONTYPE"`
		ProductType      string `xml:"PRODUCTTYPE"`
		ProductSuite     string `xml:"PRODUCTSUITE"`
		HAL              string `xml:"HAL"`
		Languages        *struct {
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

func oldNum(s string) uint64 {
	v, _ := strconv.ParseUint(strings.TrimSpace(s), 0, 64)
	return v
}

func (t *oldTime) time() time.Time {
	if t == nil {
		return time.Time{}
	}
	return meta.Filetime(oldNum(t.High)<<32 | oldNum(t.Low)&0xffffffff).Time()
}

// oldParseXML is ParseXML as it was, on the document already decoded.
func oldParseXML(raw string) (*wim.Info, error) {
	var doc oldWIM
	d := xml.NewDecoder(strings.NewReader(raw))
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	if err := d.Decode(&doc); err != nil && !(err == io.EOF && raw == "") {
		return &wim.Info{Raw: raw}, err
	}
	info := &wim.Info{Raw: raw, TotalBytes: oldNum(doc.TotalBytes), Encrypted: doc.ESD != nil && doc.ESD.Encrypted != nil}
	for i, x := range doc.Images {
		im := wim.ImageInfo{
			Index: i + 1, Name: x.Name, Description: x.Description,
			DisplayName: x.DisplayName, DisplayDescription: x.DisplayDescription, Flags: x.Flags,
			DirCount: oldNum(x.DirCount), FileCount: oldNum(x.FileCount),
			TotalBytes: oldNum(x.TotalBytes), HardLinkBytes: oldNum(x.HardLinkBytes),
			CreationTime: x.Creation.time(), LastModificationTime: x.LastModification.time(),
			WIMBoot: oldNum(x.WIMBoot) != 0,
		}
		if n := oldNum(x.Index); n > 0 {
			im.Index = int(n)
		}
		if w := x.Windows; w != nil {
			im.Windows = &wim.WindowsInfo{
				Arch: oldNum(w.Arch), ProductName: w.ProductName, EditionID: w.EditionID,
				InstallationType: w.InstallationType, ProductType: w.ProductType,
				ProductSuite: w.ProductSuite, HAL: w.HAL,
				Major: oldNum(w.Version.Major), Minor: oldNum(w.Version.Minor), Build: oldNum(w.Version.Build),
				SPBuild: oldNum(w.Version.SPBuild), SPLevel: oldNum(w.Version.SPLevel),
				SystemRoot: w.SystemRoot,
			}
			if l := w.Languages; l != nil {
				im.Windows.Languages, im.Windows.DefaultLanguage, im.Windows.HasLanguages = l.Language, l.Default, true
			}
		}
		info.Images = append(info.Images, im)
	}
	return info, nil
}

func utf16le(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		b[2*i], b[2*i+1] = byte(c), byte(c>>8)
	}
	return b
}

// agree fails unless ParseXML reads doc as encoding/xml did: the same
// Info when encoding/xml read it, an error when it refused it.
func agree(t *testing.T, doc string) {
	t.Helper()
	want, old := oldParseXML(doc)
	got, err := wim.ParseXML(utf16le(doc))
	if old != nil {
		require.Error(t, err, "encoding/xml refused %q", doc)
		require.ErrorIs(t, err, wim.ErrFormat)
		require.Equal(t, &wim.Info{Raw: doc}, got)
		return
	}
	require.NoError(t, err, "%q", doc)
	require.Equal(t, want, got, "%q", doc)
}

// TestXMLAsEncodingXMLReadIt compares with the old reading on every test
// vector's XML (wimlib's and 7-Zip's, with Windows blocks) and on
// documents made to find where a hand-written reader goes wrong.
func TestXMLAsEncodingXMLReadIt(t *testing.T) {
	paths, err := filepath.Glob("../../testvectors/*.[ews][is][mdw]")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	windows := 0
	for _, p := range paths {
		f, err := os.Open(p)
		require.NoError(t, err)
		st, err := f.Stat()
		require.NoError(t, err)
		a, err := wim.Open(f, st.Size())
		require.NoError(t, err, p)
		for _, im := range a.Info.Images {
			if im.Windows != nil {
				windows++
			}
		}
		agree(t, a.Info.Raw)
		f.Close()
	}
	require.NotZero(t, windows, "no vector has a WINDOWS block")
	for _, doc := range []string{
		"",
		`<WIM></WIM>`,
		`<WIM/>`,
		`<?xml version="1.0" encoding="UTF-16"?><!-- c --><!DOCTYPE WIM [<!ELEMENT WIM ANY> <!-- > -->]>` +
			`<WIM><TOTALBYTES>0x10</TOTALBYTES><IMAGE INDEX="3"><NAME>a &amp; b &lt;&#x41;&#66;&gt;&quot;&apos;</NAME></IMAGE></WIM>trailing <junk`,
		`<WIM><IMAGE><NAME>one</NAME><NAME>two</NAME><NAME>x<SUB>no</SUB>y<![CDATA[<z>]]></NAME></IMAGE><IMAGE INDEX="0"/><IMAGE INDEX="x"/></WIM>`,
		`<WIM><IMAGE INDEX='2' INDEX="5"><CREATIONTIME><HIGHPART>0x01D0</HIGHPART></CREATIONTIME><CREATIONTIME><LOWPART>7</LOWPART></CREATIONTIME></IMAGE></WIM>`,
		`<WIM><IMAGE><WINDOWS><ARCH>9</ARCH><LANGUAGES><LANGUAGE>en-US</LANGUAGE><DEFAULT>en-US</DEFAULT></LANGUAGES></WINDOWS>` +
			`<WINDOWS><LANGUAGES><LANGUAGE>de-DE</LANGUAGE></LANGUAGES><VERSION><BUILD>22621</BUILD></VERSION></WINDOWS></IMAGE></WIM>`,
		`<w:WIM xmlns:w="urn:x"><w:IMAGE w:INDEX="4"><w:NAME>ns</w:NAME></w:IMAGE></w:WIM>`,
		`<WIM><ESD><ENCRYPTED/></ESD></WIM>`,
		`<WIM><ESD><KEY>k</KEY></ESD></WIM>`,
		"<WIM><IMAGE><NAME>a\r\nb\rc</NAME><DESCRIPTION><![CDATA[x\r\ny]]></DESCRIPTION></IMAGE></WIM>",
		"<WIM>\n<IMAGE\n INDEX = \"1\"\n>\n<NAME >n</NAME\n>\n</IMAGE>\n</WIM>",
		`<WIM><IMAGE><NAME>&#xD800;</NAME></IMAGE></WIM>`,
		`<WIM><IMAGE><NAME>]]</NAME><FLAGS>a]b]]c</FLAGS></IMAGE></WIM>`,
		`<WIM><!----><IMAGE><NAME>c</NAME></IMAGE></WIM>`,
		`<?pi x?><WIM/>`,
		`<WIM><IMAGE a="]]>"><NAME>é</NAME></IMAGE></WIM>`,
		// Refused.
		" ",
		"<WIM>",
		"<WIM><IMAGE></WIM>",
		"</WIM>",
		"<WIM></WIMX>",
		"<WIM><a:b:c/></WIM>",
		"<1WIM/>",
		"<WIM><NAME>&bogus;</NAME></WIM>",
		"<WIM><NAME>&amp</NAME></WIM>",
		"<WIM><NAME>&#;</NAME></WIM>",
		"<WIM><NAME>&#x110000;</NAME></WIM>",
		"<WIM><NAME>&#0;</NAME></WIM>",
		"<WIM><NAME>\x01</NAME></WIM>",
		"<WIM><NAME>\uFFFE</NAME></WIM>",
		"<WIM a=1/>",
		"<WIM a/>",
		`<WIM a="<"/>`,
		`<WIM a="x/>`,
		"<WIM/ >",
		"<WIM><!-- a -- b --></WIM>",
		"<WIM><!- a --></WIM>",
		"<WIM><![CDAT[x]]></WIM>",
		"<WIM><![CDATA[x</WIM>",
		"<WIM>a]]>b</WIM>",
		`<?xml version="1.1"?><WIM/>`,
		"<? ?><WIM/>",
		"<WIM></ WIM>",
		"<WIM></WIM x>",
		"<WIM><!DOCTYPE x",
		"<!",
		"<",
	} {
		agree(t, doc)
	}
}

// FuzzParseXML holds ParseXML to encoding/xml's reading, but for names
// with non-ASCII characters: encoding/xml checks their Unicode classes,
// which xmltree leaves alone.
func FuzzParseXML(f *testing.F) {
	f.Add([]byte("\xff\xfe<\x00W\x00I\x00M\x00>\x00<\x00/\x00W\x00I\x00M\x00>\x00"))
	f.Add(utf16le(`<?xml version="1.0"?><WIM><IMAGE INDEX="1"><NAME>a&amp;b</NAME><CREATIONTIME><HIGHPART>0x1</HIGHPART></CREATIONTIME>` +
		`<WINDOWS><LANGUAGES><LANGUAGE>en</LANGUAGE></LANGUAGES></WINDOWS></IMAGE><!-- c --><![CDATA[d]]></WIM>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		info, err := wim.ParseXML(b)
		if info == nil {
			t.Fatal("nil Info")
		}
		want, old := oldParseXML(info.Raw)
		if old != nil && err == nil {
			_, name, ok := strings.Cut(old.Error(), "invalid XML name: ")
			if ok && strings.ContainsFunc(name, func(r rune) bool { return r >= 0x80 }) {
				return
			}
		}
		if (old == nil) != (err == nil) {
			t.Fatalf("%q: encoding/xml says %v, ParseXML %v", info.Raw, old, err)
		}
		require.Equal(t, want, info)
	})
}
