package registry

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/wimlens/wimlens/core/hive"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/core/windows"
	"github.com/wimlens/wimlens/internal/hivetest"
	"github.com/wimlens/wimlens/internal/wimtest"
)

const vectors = "../../testvectors/"

func openImage(t *testing.T, b []byte, n int) *Registry {
	t.Helper()
	a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	img, err := a.Image(n)
	if err != nil {
		t.Fatal(err)
	}
	return New(a, n, img)
}

func vector(t *testing.T) *Registry {
	b, err := os.ReadFile(vectors + "windows-image/windows.wim")
	if err != nil {
		t.Fatal(err)
	}
	return openImage(t, b, 1)
}

func gunzip(t *testing.T, path string) []byte {
	t.Helper()
	b, err := hivetest.Gunzip(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// oracleKey is a key as hivex's listing gives it.
type oracleKey struct {
	subkeys []string
	values  []oracleValue
}

type oracleValue struct {
	name string
	typ  int
	data []byte
}

// listing reads hivex's listing of a hive (make.sh's registry_hives).
func listing(t *testing.T, path string) (map[string]*oracleKey, []string) {
	keys := map[string]*oracleKey{}
	var order []string
	sc := bufio.NewScanner(bytes.NewReader(gunzip(t, path)))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "K "):
			p := line[2:]
			keys[p] = &oracleKey{}
			order = append(order, p)
			if p != "" {
				parent, name := "", p
				if i := strings.LastIndex(p, `\`); i >= 0 {
					parent, name = p[:i], p[i+1:]
				}
				keys[parent].subkeys = append(keys[parent].subkeys, name)
			}
		case strings.HasPrefix(line, "V "):
			f := strings.Split(line[2:], "\t")
			typ, _ := strconv.Atoi(f[2])
			data, err := hex.DecodeString(f[3])
			if err != nil {
				t.Fatal(err)
			}
			keys[f[0]].values = append(keys[f[0]].values, oracleValue{f[1], typ, data})
		}
	}
	return keys, order
}

func utf16text(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		c := binary.LittleEndian.Uint16(b[i:])
		if c == 0 {
			break
		}
		u = append(u, c)
	}
	return string(utf16.Decode(u))
}

// decoded is what Value should say of the oracle's value.
func decoded(v oracleValue) view.RegValue {
	out := view.RegValue{Name: v.name, Type: hive.Type(v.typ).String(), Size: int64(len(v.data))}
	switch v.typ {
	case 1, 2, 6:
		s := utf16text(v.data)
		out.Text = &s
	case 7:
		for b := v.data; len(b) >= 2; {
			s := utf16text(b)
			if s == "" {
				break
			}
			out.Strings = append(out.Strings, s)
			b = b[min(len(s)*2+2, len(b)):] // the names here are BMP
		}
	case 4:
		n := binary.LittleEndian.Uint32(v.data)
		out.Decimal, out.Hex = strconv.FormatUint(uint64(n), 10), "0x"+hex.EncodeToString(binary.BigEndian.AppendUint32(nil, n))
	case 11:
		n := binary.LittleEndian.Uint64(v.data)
		out.Decimal, out.Hex = strconv.FormatUint(n, 10), "0x"+hex.EncodeToString(binary.BigEndian.AppendUint64(nil, n))
	default:
		out.Hex = hex.EncodeToString(v.data[:min(len(v.data), view.RegShownBytes)])
		out.Cut = len(v.data) > view.RegShownBytes
	}
	return out
}

// Every key and value of the image's hives reads as hivex reads it, each
// by the path people would write.
func TestAgainstHivex(t *testing.T) {
	r := vector(t)
	for _, c := range []struct{ listing, hive, file string }{
		{"SOFTWARE", `HKLM\SOFTWARE`, `Windows\System32\config\SOFTWARE`},
		{"SYSTEM", `HKEY_LOCAL_MACHINE/system`, `Windows\System32\config\SYSTEM`},
		{"DEFAULT", `hku\.default`, `Windows\System32\config\DEFAULT`},
		{"NTUSER.DAT", `HKEY_USERS\DefaultUser`, `Users\Default\NTUSER.DAT`},
	} {
		keys, order := listing(t, vectors+"windows-image/registry/"+c.listing+".txt.gz")
		name, _, err := Parse(c.hive)
		if err != nil {
			t.Fatal(err)
		}
		values := 0
		for _, p := range order {
			k, file, err := r.Key(c.hive + `\` + p)
			if err != nil {
				t.Errorf("%s\\%s: %v", c.hive, p, err)
				continue
			}
			d := Describe(k, file, true)
			want := keys[p]
			if d.File != c.file || d.Path != strings.TrimSuffix(name+`\`+p, `\`) || d.Error != nil {
				t.Errorf("%s\\%s: file %q, path %q, error %v", c.hive, p, d.File, d.Path, d.Error)
			}
			var got []string
			for _, s := range d.Subkeys {
				got = append(got, s.Name)
			}
			if strings.Join(got, "|") != strings.Join(want.subkeys, "|") {
				t.Errorf("%s\\%s: subkeys %q, hivex lists %q", c.hive, p, got, want.subkeys)
			}
			if len(d.Values) != len(want.values) {
				t.Errorf("%s\\%s: %d values, hivex lists %d", c.hive, p, len(d.Values), len(want.values))
				continue
			}
			for i, v := range want.values {
				if g, w := d.Values[i], decoded(v); !same(g, w) {
					t.Errorf("%s\\%s: value %+v, hivex says %+v", c.hive, p, g, w)
				}
				values++
			}
		}
		if len(order) < 3 || values == 0 {
			t.Errorf("%s: %d keys, %d values compared", c.hive, len(order), values)
		}
	}
}

func same(a, b view.RegValue) bool {
	return a.Name == b.Name && a.Type == b.Type && a.Size == b.Size && (a.Text == nil) == (b.Text == nil) &&
		(a.Text == nil || *a.Text == *b.Text) && strings.Join(a.Strings, "\x00") == strings.Join(b.Strings, "\x00") &&
		a.Decimal == b.Decimal && a.Hex == b.Hex && a.Cut == b.Cut && a.Error == nil
}

func TestParse(t *testing.T) {
	for in, want := range map[string][2]string{
		`HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion`: {`HKLM\SOFTWARE`, `Microsoft\Windows NT\CurrentVersion`},
		`hkey_local_machine/Software/Microsoft/`:            {`HKLM\SOFTWARE`, `Microsoft`},
		`\HKLM\COMPONENTS`:                                  {`HKLM\COMPONENTS`, ``},
		`HKU\.Default\Control Panel`:                        {`HKU\.DEFAULT`, `Control Panel`},
		`HKEY_USERS\defaultuser`:                            {`HKU\DefaultUser`, ``},
		`HKLM\sam\SAM`:                                      {`HKLM\SAM`, `SAM`},
	} {
		h, k, err := Parse(in)
		if err != nil || h != want[0] || k != want[1] {
			t.Errorf("Parse(%q) = %q, %q, %v; want %q", in, h, k, err, want)
		}
	}
	for _, in := range []string{``, `\`, `HKLM`, `HKCU\Software`, `HKLM\HARDWARE`, `HKU\S-1-5-18`, `SOFTWARE\Microsoft`} {
		if _, _, err := Parse(in); !errors.Is(err, ErrBadPath) {
			t.Errorf("Parse(%q): %v, want ErrBadPath", in, err)
		}
	}
}

func TestNameOf(t *testing.T) {
	for in, want := range map[string]string{
		"/Windows/System32/config/SOFTWARE":  `HKLM\SOFTWARE`,
		`WINDOWS\system32\CONFIG\default`:    `HKU\.DEFAULT`,
		"/Users/Default/NTUSER.DAT":          `HKU\DefaultUser`,
		"/Users/Bob/NTUSER.DAT":              "",
		"/Windows/System32/config/SOFTWARE2": "",
		"/a/Windows/System32/config/SYSTEM":  "",
		"/WinNT/System32/config/SYSTEM":      `HKLM\SYSTEM`,
	} {
		if got := NameOf(in); got != want {
			t.Errorf("NameOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// CurrentControlSet is the set SYSTEM\Select\Current names.
func TestCurrentControlSet(t *testing.T) {
	r := vector(t)
	k, _, err := r.Key(`HKLM\SYSTEM\CurrentControlSet\Services\disk`)
	if err != nil || k.Path() != `HKLM\SYSTEM\ControlSet001\Services\disk` {
		t.Fatalf("%v %v", k, err)
	}
	if k, _, err := r.Key(`hklm/system/currentcontrolset`); err != nil || k.Path() != `HKLM\SYSTEM\ControlSet001` {
		t.Fatalf("%v %v", k, err)
	}
	sys := gunzip(t, vectors+"hives/SYSTEM.gz")
	setCurrent(sys, 2)
	r = openImage(t, wimtest.Build(tree(sys, []byte("not a hive"))...), 1)
	if k, _, err = r.Key(`HKLM\SYSTEM\CurrentControlSet\Services`); err != nil || k.Path() != `HKLM\SYSTEM\ControlSet002\Services` {
		t.Errorf("Select\\Current = 2: %v %v", k, err)
	}
	setCurrent(sys, 0)
	r = openImage(t, wimtest.Build(tree(sys, []byte("not a hive"))...), 1)
	if _, _, err = r.Key(`HKLM\SYSTEM\CurrentControlSet`); err == nil || !strings.Contains(err.Error(), `Select\Current is 0, which names no control set`) {
		t.Errorf("Select\\Current = 0: %v", err)
	}
	if _, _, err = r.Key(`HKLM\SOFTWARE`); !errors.Is(err, hive.ErrNotHive) {
		t.Errorf("SOFTWARE: %v", err)
	}
}

// tree is a Windows tree holding system and software as its hives.
func tree(system, software []byte) []*wimtest.Entry {
	dir := func(name string, kids ...*wimtest.Entry) *wimtest.Entry {
		return &wimtest.Entry{Name: name, Dir: true, Children: kids}
	}
	config := dir("config", &wimtest.Entry{Name: "SYSTEM", Data: system}, &wimtest.Entry{Name: "SOFTWARE", Data: software})
	return []*wimtest.Entry{dir("Windows", dir("System32", config))}
}

// setCurrent sets SYSTEM\Select\Current, a DWORD stored in its cell.
func setCurrent(sys []byte, n uint32) {
	for _, vk := range hivetest.Cells(sys, "vk", "Current") {
		binary.LittleEndian.PutUint32(vk[8:], n)
	}
}

// A damaged hive is an error on the keys it damages, and on nothing else:
// a hive that is no hive, a key that lists its parent's subkeys (itself
// among them), a value claiming 4 GB, one whose data lies outside.
func TestHostile(t *testing.T) {
	sys := gunzip(t, vectors+"hives/SYSTEM.gz")
	if err := hivetest.Damage(sys); err != nil {
		t.Fatal(err)
	}
	r := openImage(t, wimtest.Build(tree(sys, []byte("regf, but no more"))...), 1)

	_, _, err := r.Key(`HKLM\SOFTWARE\Microsoft`)
	if !errors.Is(err, hive.ErrTruncated) || !strings.Contains(err.Error(), `Windows/System32/config/SOFTWARE`) {
		t.Errorf("SOFTWARE: %v", err)
	}
	k, file, err := r.Key(`HKLM\SYSTEM\CurrentControlSet\Services\disk`)
	if err != nil {
		t.Fatal(err)
	}
	d := Describe(k, file, true)
	bad := map[string]error{"ImagePath": hive.ErrOutside, "Group": hive.ErrOutside}
	for _, v := range d.Values {
		switch {
		case bad[v.Name] != nil && (v.Error == nil || !strings.Contains(v.Error.Message, `the value "`+v.Name+`" of the key "HKLM\SYSTEM\ControlSet001\Services\disk"`)):
			t.Errorf("%s: %+v", v.Name, v.Error)
		case bad[v.Name] == nil && (v.Error != nil || v.Decimal == ""):
			t.Errorf("%s: %+v", v.Name, v)
		}
	}
	if len(d.Values) != 5 {
		t.Errorf("%d values", len(d.Values))
	}

	k, _, err = r.Key(`HKLM\SYSTEM\Select`)
	if err != nil {
		t.Fatal(err)
	}
	var cycles, keys int
	if err := k.Walk(func(k *hive.Key, err error) error {
		if errors.Is(err, hive.ErrCycle) {
			cycles++
		} else {
			keys++
		}
		return nil
	}); err != nil || cycles != 1 || keys < 3 {
		t.Errorf("walk from Select: %d keys, %d cycles, %v", keys, cycles, err)
	}
	s, _ := Search(context.Background(), k, "select", 10)
	if s.Error == nil || !strings.Contains(s.Error.Message, "already reached") {
		t.Errorf("search: %+v", s)
	}
}

func TestSearch(t *testing.T) {
	r := vector(t)
	k, _, err := r.Key(`HKU\DefaultUser`)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := Search(context.Background(), k, "DESK", 10)
	if len(s.Hits) != 1 || s.Hits[0] != (view.RegHit{Path: `Control Panel\Desktop`}) || s.More || s.Error != nil {
		t.Errorf("%+v", s)
	}
	s, _ = Search(context.Background(), k, "a", 2)
	if len(s.Hits) != 2 || !s.More {
		t.Errorf("%+v", s)
	}
	s, _ = Search(context.Background(), k, "hidefile", 10)
	if len(s.Hits) != 1 || s.Hits[0] != (view.RegHit{Path: `Software\Microsoft\Windows\CurrentVersion\Explorer\Advanced`, Value: "HideFileExt", IsValue: true}) {
		t.Errorf("%+v", s)
	}
	if _, _, err := r.Key(`HKLM\SAM`); !errors.Is(err, windows.ErrNotFound) {
		t.Errorf("SAM: %v", err)
	}
}
