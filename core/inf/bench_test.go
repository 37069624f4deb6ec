package inf

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"
)

// bigINF is a display-driver-sized INF in UTF-16LE: n models lines, an
// install section per ten, a [Strings] entry each.
func bigINF(n int) []byte {
	var s strings.Builder
	s.WriteString("[Version]\r\nSignature=\"$WINDOWS NT$\"\r\nClass=Display\r\nProvider=%Mfg%\r\nDriverVer=07/14/2023,31.0.101.4502\r\n")
	s.WriteString("[Manufacturer]\r\n%Mfg%=Models,NTamd64.10.0...19041\r\n[Models.NTamd64.10.0...19041]\r\n")
	for i := range n {
		fmt.Fprintf(&s, "%%Dev%d%% = Install%d, PCI\\VEN_8086&DEV_%04X&SUBSYS_%08X ; model %d\r\n", i, i/10, i, i*7, i)
	}
	for i := range n / 10 {
		fmt.Fprintf(&s, "[Install%d.NT]\r\nCopyFiles = Files, \\\r\n  MoreFiles\r\nAddReg = \"Reg%d\"\r\n", i, i)
	}
	s.WriteString("[Strings]\r\nMfg = \"Contoso\"\r\n")
	for i := range n {
		fmt.Fprintf(&s, "Dev%d = \"Contoso Graphics %d \"\"Pro\"\"\"\r\n", i, i)
	}
	u := utf16.Encode([]rune(s.String()))
	b := []byte{0xff, 0xfe}
	for _, c := range u {
		b = append(b, byte(c), byte(c>>8))
	}
	return b
}

func BenchmarkParse(b *testing.B) {
	in := bigINF(20000)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := Parse(in)
		if err != nil {
			b.Fatal(err)
		}
		f.Manufacturers()
	}
}
