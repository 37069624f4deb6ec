package peinfo

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The vectors and the oracles' outputs beside them are written by
// testvectors/make.sh (section "PE vectors"): python3-pefile for headers
// and version resources, sbverify --list and osslsigncode verify for
// signatures.
const vectorDir = "../../testvectors/pe"

// vectorNames lists the PE files among the vectors.
func vectorNames(t testing.TB) []string {
	t.Helper()
	all, err := filepath.Glob(filepath.Join(vectorDir, "*"))
	if err != nil || len(all) == 0 {
		t.Fatalf("no PE vectors in %s (%v)", vectorDir, err)
	}
	var names []string
	for _, p := range all {
		base := filepath.Base(p)
		if strings.Count(base, ".") > 1 && !strings.HasSuffix(base, ".gz") && !strings.HasSuffix(base, ".efi.signed") || base == "SOURCES.txt" {
			continue // an oracle's output
		}
		names = append(names, base)
	}
	return names
}

// readVector returns a vector's bytes (gunzipped) and the name its oracle files start with.
func readVector(t testing.TB, name string) ([]byte, string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(vectorDir, name))
	if err != nil {
		t.Fatal(err)
	}
	if base, ok := strings.CutSuffix(name, ".gz"); ok {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
		name = base
	}
	return b, name
}

type pefileVersion struct {
	Lang  uint16 `json:"lang"`
	Fixed struct {
		File, Product            string
		FlagsMask                uint32 `json:"flags_mask"`
		Flags, OS, Type, Subtype uint32
	} `json:"fixed"`
	Tables       map[string][][2]string `json:"tables"`
	Translations [][2]uint16            `json:"translations"`
}

type pefileDump struct {
	Machine, Magic, Subsystem, Characteristics uint16
	Timestamp                                  uint32
	Versions                                   []pefileVersion
}

func TestVectorsAgainstPefile(t *testing.T) {
	for _, name := range vectorNames(t) {
		t.Run(name, func(t *testing.T) {
			data, base := readVector(t, name)
			raw, err := os.ReadFile(filepath.Join(vectorDir, base+".pefile.json"))
			if err != nil {
				t.Fatal(err)
			}
			var want pefileDump
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			f, err := Open(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			magic := uint16(magicPE32)
			if f.PE32Plus {
				magic = magicPE32Plus
			}
			if f.Machine != want.Machine || magic != want.Magic || f.Subsystem != want.Subsystem ||
				f.Characteristics != want.Characteristics || f.TimeDateStamp != want.Timestamp {
				t.Errorf("headers: machine 0x%x magic 0x%x subsystem %d characteristics 0x%x time %d, pefile %+v",
					f.Machine, magic, f.Subsystem, f.Characteristics, f.TimeDateStamp, want)
			}
			if strings.HasPrefix(f.MachineName(), "unknown") || strings.HasPrefix(f.SubsystemName(), "unknown") {
				t.Errorf("machine %q, subsystem %q", f.MachineName(), f.SubsystemName())
			}
			v, err := f.Version()
			if err != nil {
				t.Fatal(err)
			}
			if v == nil {
				if len(want.Versions) > 0 {
					t.Fatalf("no version resource; pefile read %d", len(want.Versions))
				}
				return
			}
			var ref *pefileVersion
			langs := map[uint16]bool{}
			for i := range want.Versions {
				langs[want.Versions[i].Lang] = true
				if want.Versions[i].Lang == v.Language {
					ref = &want.Versions[i]
				}
			}
			if ref == nil {
				t.Fatalf("read language 0x%x, which pefile does not list", v.Language)
			}
			if langs[0x409] && v.Language != 0x409 {
				t.Errorf("read language 0x%x of several, not US English", v.Language)
			}
			fx := ref.Fixed
			if !v.HasFixed || v.File.String() != fx.File || v.Product.String() != fx.Product || v.FlagsMask != fx.FlagsMask ||
				v.Flags != fx.Flags || v.OS != fx.OS || v.Type != fx.Type || v.Subtype != fx.Subtype {
				t.Errorf("fixed info %+v, pefile %+v", v, fx)
			}
			table, ok := ref.Tables[v.Table]
			if !ok || len(table) != len(v.Strings) {
				t.Fatalf("table %q with %d strings; pefile has %v", v.Table, len(v.Strings), ref.Tables)
			}
			for i, s := range v.Strings {
				if s.Key != table[i][0] || s.Value != table[i][1] {
					t.Errorf("string %d: %q = %q, pefile %q", i, s.Key, s.Value, table[i])
				}
				if got := v.Lookup(strings.ToLower(s.Key)); got != s.Value {
					t.Errorf("Lookup(%q) = %q, want %q", s.Key, got, s.Value)
				}
			}
			if len(v.Translations) != len(ref.Translations) {
				t.Fatalf("translations %v, pefile %v", v.Translations, ref.Translations)
			}
			for i, tr := range v.Translations {
				if tr.Language != ref.Translations[i][0] || tr.CodePage != ref.Translations[i][1] {
					t.Errorf("translation %d: %+v, pefile %v", i, tr, ref.Translations[i])
				}
			}
		})
	}
}

// dnField takes one attribute (CN, O) out of OpenSSL's /C=../O=../CN=.. form.
func dnField(dn, key string) string {
	for _, part := range strings.Split(dn, "/") {
		if v, ok := strings.CutPrefix(part, key+"="); ok {
			return v
		}
	}
	return ""
}

func sameName(t *testing.T, what string, got Name, dn string) {
	t.Helper()
	if got.CommonName != dnField(dn, "CN") || got.Organization != dnField(dn, "O") {
		t.Errorf("%s: CN %q O %q, oracle %q", what, got.CommonName, got.Organization, dn)
	}
}

type sbvSignature struct {
	issuers []string
	certs   [][2]string // subject, issuer
}

// parseSbverify reads sbverify --list: per signature, the signer infos'
// issuers and the certificates carried.
func parseSbverify(t *testing.T, path string) []sbvSignature {
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var sigs []sbvSignature
	section := ""
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "signature "):
			sigs = append(sigs, sbvSignature{})
		case line == "image signature issuers:" || line == "image signature certificates:":
			section = line
		case strings.HasPrefix(line, " - subject: "):
			s := &sigs[len(sigs)-1]
			s.certs = append(s.certs, [2]string{strings.TrimPrefix(line, " - subject: ")})
		case strings.HasPrefix(line, "   issuer:  "):
			s := &sigs[len(sigs)-1]
			s.certs[len(s.certs)-1][1] = strings.TrimPrefix(line, "   issuer:  ")
		case strings.HasPrefix(line, " - ") && section == "image signature issuers:":
			s := &sigs[len(sigs)-1]
			s.issuers = append(s.issuers, strings.TrimPrefix(line, " - "))
		}
	}
	return sigs
}

func TestSignaturesAgainstSbverify(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(vectorDir, "*.sbverify.txt"))
	if len(paths) < 2 {
		t.Fatalf("expected sbverify outputs for the signed vectors, found %v", paths)
	}
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".sbverify.txt")
		t.Run(name, func(t *testing.T) {
			data, _ := readVector(t, name)
			f, err := Open(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if !f.HasSignature() {
				t.Fatal("HasSignature is false")
			}
			sigs, err := f.Signatures()
			if err != nil {
				t.Fatal(err)
			}
			// sbverify lists each table entry's own signature, not nested ones.
			var top []Signature
			for _, s := range sigs {
				if s.Nested == 0 {
					top = append(top, s)
				}
			}
			want := parseSbverify(t, p)
			if len(top) != len(want) {
				t.Fatalf("%d signatures, sbverify %d", len(top), len(want))
			}
			for i, s := range top {
				if s.Type != certTypePKCS7 || s.Entry != i+1 || len(want[i].issuers) != 1 {
					t.Errorf("signature %d: entry %d type %d; sbverify issuers %v", i+1, s.Entry, s.Type, want[i].issuers)
					continue
				}
				sameName(t, "signer's issuer", s.SignerIssuer, want[i].issuers[0])
				if s.Signer == nil {
					t.Errorf("signature %d: the signer's certificate was not found", i+1)
				} else {
					sameName(t, "signer's certificate issuer", s.Signer.Issuer, want[i].issuers[0])
				}
				if len(s.Certificates) != len(want[i].certs) {
					t.Fatalf("signature %d: %d certificates, sbverify %d", i+1, len(s.Certificates), len(want[i].certs))
				}
				for j, c := range s.Certificates {
					sameName(t, "certificate subject", c.Subject, want[i].certs[j][0])
					sameName(t, "certificate issuer", c.Issuer, want[i].certs[j][1])
				}
			}
		})
	}
}

// TestNestedAgainstOsslsigncode compares every signature, nested ones
// included, with osslsigncode verify's "Signature Index" sections.
func TestNestedAgainstOsslsigncode(t *testing.T) {
	const name = "signed-lz32.dll"
	out, err := os.ReadFile(filepath.Join(vectorDir, name+".osslsigncode.txt"))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := readVector(t, name)
	f, err := Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	sigs, err := f.Signatures()
	if err != nil {
		t.Fatal(err)
	}
	sections := strings.Split(string(out), "Signature Index: ")[1:]
	if len(sigs) != len(sections) || len(sigs) < 2 {
		t.Fatalf("%d signatures, osslsigncode %d", len(sigs), len(sections))
	}
	alg := regexp.MustCompile(`(?m)^Message digest algorithm\s*: (\S+)`)
	signer := regexp.MustCompile(`Signer's certificate:\s*-+\s*Signer #0:\s*Subject: (.*)\n\s*Issuer : (.*)\n\s*Serial : (\S+)`)
	for i, s := range sigs {
		if s.Nested != min(i, 1) {
			t.Errorf("signature %d: nested %d", i, s.Nested)
		}
		a := alg.FindStringSubmatch(sections[i])
		m := signer.FindStringSubmatch(sections[i])
		if a == nil || m == nil {
			t.Fatalf("osslsigncode section %d unreadable:\n%s", i, sections[i])
		}
		if strings.ReplaceAll(s.DigestAlgorithm, "-", "") != a[1] {
			t.Errorf("signature %d: digest %s, osslsigncode %s", i, s.DigestAlgorithm, a[1])
		}
		if s.Signer == nil {
			t.Fatalf("signature %d: no signer certificate", i)
		}
		sameName(t, "signer subject", s.Signer.Subject, m[1])
		sameName(t, "signer issuer", s.Signer.Issuer, m[2])
		if !strings.EqualFold(strings.TrimLeft(s.Signer.Serial, "0"), strings.TrimLeft(m[3], "0")) {
			t.Errorf("signature %d: serial %s, osslsigncode %s", i, s.Signer.Serial, m[3])
		}
	}
}

func TestUnsignedHasNoSignatures(t *testing.T) {
	data, _ := readVector(t, "wine64-setx.exe")
	f, err := Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if sigs, err := f.Signatures(); f.HasSignature() || sigs != nil || err != nil {
		t.Errorf("HasSignature %v, signatures %v, error %v", f.HasSignature(), sigs, err)
	}
}

// rangeReader records the ranges read.
type rangeReader struct {
	r     io.ReaderAt
	reads [][2]int64 // offset, length
}

func (c *rangeReader) ReadAt(p []byte, off int64) (int, error) {
	c.reads = append(c.reads, [2]int64{off, int64(len(p))})
	return c.r.ReadAt(p, off)
}

// TestVersionReadsLittle holds the promise that comparing versions across
// two images stays cheap: reading the version of a signed file reads a few
// KiB of headers, directories and the resource, never its certificate
// table, and Open alone reads the headers only.
func TestVersionReadsLittle(t *testing.T) {
	data, _ := readVector(t, "signed-lz32.dll")
	c := &rangeReader{r: bytes.NewReader(data)}
	f, err := Open(c, int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	opened := len(c.reads)
	if _, err := f.Version(); err != nil {
		t.Fatal(err)
	}
	cert := f.dir(dirSecurity)
	var total int64
	for i, r := range c.reads {
		total += r[1]
		if r[0]+r[1] > int64(cert.addr) {
			t.Errorf("read %d (offset 0x%x, %d bytes) reaches the certificate table at 0x%x", i, r[0], r[1], cert.addr)
		}
		if i < opened && r[0] >= int64(f.Sections[0].Offset) {
			t.Errorf("Open read at 0x%x, past the headers", r[0])
		}
	}
	if total > 4096 || len(c.reads) > 16 {
		t.Errorf("Open and Version read %d bytes in %d reads", total, len(c.reads))
	}
}
