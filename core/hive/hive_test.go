package hive

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/internal/hivetest"
)

// vector reads testvectors/hives/NAME.gz, a hive hivex wrote.
func vector(t testing.TB, name string) []byte {
	t.Helper()
	return gunzip(t, "../../testvectors/hives/"+name+".gz")
}

func gunzip(t testing.TB, path string) []byte {
	t.Helper()
	b, err := hivetest.Gunzip(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func open(t testing.TB, b []byte, name string) *Hive {
	t.Helper()
	h, err := Open(bytes.NewReader(b), int64(len(b)), name)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// listing writes what hives.py writes from hivex's reading of a hive.
func listing(t *testing.T, h *Hive) string {
	var out strings.Builder
	err := h.Walk(func(k *Key, err error) error {
		if err != nil {
			return err
		}
		fmt.Fprintf(&out, "K %s\n", k.Path())
		vals, err := k.Values()
		if err != nil {
			return err
		}
		for _, v := range vals {
			d, err := v.Data()
			if err != nil {
				return err
			}
			fmt.Fprintf(&out, "V %s\t%s\t%d\t%s\n", k.Path(), v.Name, v.Type, hex.EncodeToString(d))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// Every key and value of the vectors, as hivex reads them.
func TestVectorsMatchHivex(t *testing.T) {
	for _, name := range []string{"SOFTWARE", "SYSTEM", "empty"} {
		t.Run(name, func(t *testing.T) {
			h := open(t, vector(t, name), "")
			if len(h.Warnings) > 0 {
				t.Errorf("warnings: %v", h.Warnings)
			}
			want := string(gunzip(t, "../../testvectors/hives/"+name+".txt.gz"))
			got := listing(t, h)
			// A hive held in memory (OpenBytes) reads the same.
			inMemory, err := OpenBytes(vector(t, name), "")
			if err != nil {
				t.Fatal(err)
			}
			if listing(t, inMemory) != got {
				t.Error("OpenBytes reads otherwise than Open")
			}
			if got != want {
				g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
				for i := range min(len(g), len(w)) {
					if g[i] != w[i] {
						t.Fatalf("line %d:\n got %.200s\nwant %.200s", i+1, g[i], w[i])
					}
				}
				t.Fatalf("got %d lines, want %d", len(g), len(w))
			}
		})
	}
}

func TestHeader(t *testing.T) {
	h := open(t, vector(t, "SYSTEM"), `HKLM\SYSTEM`)
	hd := h.Header
	if hd.Major != 1 || hd.Minor != 5 || !hd.ChecksumOK || hd.Sequence1 != hd.Sequence2 {
		t.Errorf("header %+v", hd)
	}
	if hd.FileName != `\Windows\System32\Config\SYSTEM` {
		t.Errorf("file name %q", hd.FileName)
	}
	if h.Root().Path() != `HKLM\SYSTEM` || h.Root().Name != "ROOT" {
		t.Errorf("root %q %q", h.Root().Path(), h.Root().Name)
	}
}

func TestLookupAndDecode(t *testing.T) {
	h := open(t, vector(t, "SOFTWARE"), `HKLM\SOFTWARE`)
	cv, err := h.Key(`microsoft\WINDOWS NT\CurrentVersion`)
	if err != nil {
		t.Fatal(err)
	}
	if cv.Path() != `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion` {
		t.Errorf("path %q", cv.Path())
	}
	str := func(k *Key, name string) string {
		t.Helper()
		v, err := k.Value(name)
		if err != nil {
			t.Fatal(err)
		}
		s, err := v.String()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	num := func(k *Key, name string) uint64 {
		t.Helper()
		v, err := k.Value(name)
		if err != nil {
			t.Fatal(err)
		}
		n, err := v.Uint()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if s := str(cv, "productname"); s != "Windows 10 Pro" {
		t.Errorf("ProductName %q", s)
	}
	if s := str(cv, "BuildLabEx"); s != "19041.1.amd64fre.vb_release.191206-1406" {
		t.Errorf("BuildLabEx %q", s)
	}
	if n := num(cv, "UBR"); n != 3803 {
		t.Errorf("UBR %d", n)
	}
	if n := num(cv, "InstallTime"); n != 132669792000000000 {
		t.Errorf("InstallTime %d", n)
	}

	types, err := h.Key(`\wimlens\Types\`)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"": "the default value", "sz": "text", "sz-unterminated": "no NUL",
		"expand": `%ProgramFiles%\wimlens`, "link": `\Registry\Machine\SOFTWARE\Classes`,
		"größe ✓ 名前": "värde – 値",
	} {
		if s := str(types, name); s != want {
			t.Errorf("%q: %q, want %q", name, s, want)
		}
	}
	for name, want := range map[string]uint64{"dword": 0xDEADBEEF, "dword-be": 0x01020304, "qword": 0x0123456789ABCDEF, "upper": 1} {
		if n := num(types, name); n != want {
			t.Errorf("%q: %#x, want %#x", name, n, want)
		}
	}
	for name, want := range map[string][]string{"multi": {"one", "two"}, "multi-empty": nil} {
		v, err := types.Value(name)
		if err != nil {
			t.Fatal(err)
		}
		ss, err := v.Strings()
		if err != nil || fmt.Sprint(ss) != fmt.Sprint(want) {
			t.Errorf("%q: %q %v, want %q", name, ss, err, want)
		}
	}
	v, err := types.Value("binary")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.String(); !errors.Is(err, ErrWrongType) || err.Error() != `not found` && !strings.Contains(err.Error(), `the value "binary" of the key "HKLM\SOFTWARE\wimlens\Types" is REG_BINARY, not a string`) {
		t.Errorf("String of a binary: %v", err)
	}
	if v, err := types.Value("unknown-type"); err != nil || v.Type.String() != "type 0x4242" || v.Size() != 5 {
		t.Errorf("unknown type: %v", err)
	}
	if _, err := types.Value("absent"); !errors.Is(err, ErrNotFound) {
		t.Errorf("absent value: %v", err)
	}
	if _, err := h.Key(`Microsoft\Nope\CurrentVersion`); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), `the key "HKLM\SOFTWARE\Microsoft" has no subkey "Nope"`) {
		t.Errorf("absent key: %v", err)
	}

	// Names stored as UTF-16, found ignoring case.
	k, err := h.Key(`WIMLENS\ünïcödé kéy ✓\子键`)
	if err != nil {
		t.Fatal(err)
	}
	if k.Name != "子键" || num(k, "x") != 7 {
		t.Errorf("unicode key %q", k.Name)
	}

	// 1,200 subkeys in one list, and big data in segments and in one cell.
	many, err := h.Key(`wimlens\Many`)
	if err != nil {
		t.Fatal(err)
	}
	subs, err := many.Subkeys()
	if err != nil || len(subs) != 1200 || subs[1199].Name != "Key1199" {
		t.Errorf("Many: %d subkeys, %v", len(subs), err)
	}
	if _, err := many.Subkey("key0777"); err != nil {
		t.Error(err)
	}
	bigKey, err := h.Key("BigData")
	if err != nil {
		t.Fatal(err)
	}
	bv, err := bigKey.Value("big-db")
	if err != nil {
		t.Fatal(err)
	}
	seg, err := bv.Data()
	if err != nil {
		t.Fatal(err)
	}
	ov, _ := types.Value("big-one-cell")
	one, err := ov.Data()
	if err != nil || len(seg) != 40000 || !bytes.Equal(seg, one) {
		t.Errorf("big data: %d and %d bytes, %v", len(seg), len(one), err)
	}
}

// SYSTEM's keys, the way the windows package will read them.
func TestSystem(t *testing.T) {
	h := open(t, vector(t, "SYSTEM"), `HKLM\SYSTEM`)
	sel, err := h.Key("Select")
	if err != nil {
		t.Fatal(err)
	}
	cur, err := sel.Value("Current")
	if err != nil {
		t.Fatal(err)
	}
	n, err := cur.Uint()
	if err != nil || n != 1 {
		t.Fatalf("Current %d %v", n, err)
	}
	svc, err := h.Key(fmt.Sprintf(`ControlSet%03d\Services\EventLog`, n))
	if err != nil {
		t.Fatal(err)
	}
	ip, _ := svc.Value("ImagePath")
	if s, err := ip.String(); err != nil || ip.Type != ExpandSZ || !strings.HasPrefix(s, `%SystemRoot%\System32\svchost.exe`) {
		t.Errorf("ImagePath %q %v", s, err)
	}
	dep, _ := svc.Value("DependOnService")
	if ss, err := dep.Strings(); err != nil || len(ss) != 1 || ss[0] != "RpcSs" {
		t.Errorf("DependOnService %q %v", ss, err)
	}
	if _, err := h.Key(`ControlSet001\Control\MUI\UILanguages\en-US`); err != nil {
		t.Error(err)
	}
}

type countingReader struct {
	r     io.ReaderAt
	bytes int64
}

func (c *countingReader) ReadAt(p []byte, off int64) (int, error) {
	c.bytes += int64(len(p))
	return c.r.ReadAt(p, off)
}

// A lookup reads the pages on its way, not the hive: SOFTWARE is 8 MB.
func TestLookupReadsLittle(t *testing.T) {
	data := vector(t, "SOFTWARE")
	cr := &countingReader{r: bytes.NewReader(data)}
	h, err := Open(cr, int64(len(data)), "")
	if err != nil {
		t.Fatal(err)
	}
	cv, err := h.Key(`Microsoft\Windows NT\CurrentVersion`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cv.Value("UBR"); err != nil {
		t.Fatal(err)
	}
	if cr.bytes > 1<<20 || len(data) < 4<<20 {
		t.Errorf("read %d bytes of %d", cr.bytes, len(data))
	}
}
