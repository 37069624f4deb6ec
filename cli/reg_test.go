package main

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/internal/hivetest"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// oracle is hivex's listing of a hive of the Windows vector
// (testvectors/windows-image/registry): its key paths and its string
// values, "path\tname\ttext".
func oracle(t *testing.T, name string) (keys, strs []string) {
	f, err := os.Open("../testvectors/windows-image/registry/" + name + ".txt.gz")
	check(t, err)
	defer f.Close()
	z, err := gzip.NewReader(f)
	check(t, err)
	sc := bufio.NewScanner(z)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "K "); ok {
			keys = append(keys, p)
		}
		if f := strings.Split(strings.TrimPrefix(line, "V "), "\t"); len(f) == 4 && f[2] == "1" {
			b, err := hex.DecodeString(f[3])
			check(t, err)
			var u []uint16
			for i := 0; i+1 < len(b); i += 2 {
				if c := binary.LittleEndian.Uint16(b[i:]); c != 0 {
					u = append(u, c)
				}
			}
			strs = append(strs, f[0]+"\t"+f[1]+"\t"+string(utf16.Decode(u)))
		}
	}
	return keys, strs
}

// --recursive lists every key hivex lists, and every string value as
// `reg query` prints it.
func TestRegAgainstHivex(t *testing.T) {
	keys, strs := oracle(t, "DEFAULT")
	r := must(t, 0, "reg", windowsVector, "1", `HKEY_USERS\.DEFAULT`, "--recursive")
	for _, k := range keys {
		if !strings.Contains(r.stdout, strings.TrimSuffix(`HKU\.DEFAULT\`+k, `\`)+"\n") {
			t.Errorf("no key %q in\n%s", k, r.stdout)
		}
	}
	for _, s := range strs {
		f := strings.Split(s, "\t")
		if !strings.Contains(r.stdout, "    "+f[1]+"    REG_SZ    "+f[2]+"\n") {
			t.Errorf("no value %q in\n%s", s, r.stdout)
		}
	}
	r = must(t, 0, "reg", windowsVector, "1", `HKU\.DEFAULT`, "--recursive", "--json")
	var w view.RegWalk
	check(t, json.Unmarshal([]byte(r.stdout), &w))
	if len(w.Keys) != len(keys) || len(w.Errors) != 0 {
		t.Errorf("%d keys, hivex lists %d; errors %v", len(w.Keys), len(keys), w.Errors)
	}
}

func TestRegKey(t *testing.T) {
	keys, _ := oracle(t, "SYSTEM")
	r := must(t, 0, "reg", windowsVector, "1", `hklm/system/CurrentControlSet/Services`)
	var subs []string
	for _, k := range keys {
		if rest, ok := strings.CutPrefix(k, `ControlSet001\Services\`); ok && !strings.Contains(rest, `\`) {
			subs = append(subs, `HKLM\SYSTEM\ControlSet001\Services\`+rest)
		}
	}
	if want := "HKLM\\SYSTEM\\ControlSet001\\Services\n\n" + strings.Join(subs, "\n") + "\n\n"; r.stdout != want || len(subs) < 2 {
		t.Errorf("got\n%s\nwant\n%s", r.stdout, want)
	}
	r = must(t, 0, "reg", windowsVector, "1", `HKU\DefaultUser\Software\Microsoft\Windows\CurrentVersion\Explorer\Advanced`, "--json")
	var k view.RegKey
	check(t, json.Unmarshal([]byte(r.stdout), &k))
	if k.File != `Users\Default\NTUSER.DAT` || len(k.Values) != 6 || k.Values[2].Hex != "0x0123456789abcdef" || !k.Values[4].Cut {
		t.Errorf("%+v", k)
	}
	for _, c := range []struct{ key, msg string }{
		{`HKLM\SOFTWARE\Nowhere`, `the key "HKLM\SOFTWARE" has no subkey "Nowhere"`},
		{`HKCU\Software`, "starts with neither HKLM nor HKU"},
		{`HKLM\SAM`, `its hive file Windows\System32\config\SAM is not in the image`},
	} {
		if r := wimlens(t, "reg", windowsVector, "1", c.key); r.code != exitError || !strings.Contains(r.stderr, c.msg) {
			t.Errorf("%s: %d %q", c.key, r.code, r.stderr)
		}
	}
}

// Damage is an error on the key or value it is in, the rest is printed,
// and the exit status is 1; names from the hive are escaped.
func TestRegDamage(t *testing.T) {
	sys, err := hivetest.Gunzip("../testvectors/hives/SYSTEM.gz")
	check(t, err)
	check(t, hivetest.Damage(sys))
	for _, c := range hivetest.Cells(sys, "nk", "disk") {
		c[77] = 0x1b // an escape character in a key's name
	}
	dir := func(name string, kids ...*wimtest.Entry) *wimtest.Entry {
		return &wimtest.Entry{Name: name, Dir: true, Children: kids}
	}
	wim := t.TempDir() + "/damaged.wim"
	check(t, os.WriteFile(wim, wimtest.Build(dir("Windows", dir("System32", dir("config", &wimtest.Entry{Name: "SYSTEM", Data: sys})))), 0o644))

	r := wimlens(t, "reg", wim, "1", `HKLM\SYSTEM\CurrentControlSet\Services\d`+"\x1b"+`sk`)
	if r.code != exitProblems || !strings.Contains(r.stdout, `Services\d\x1bsk`) || !strings.Contains(r.stdout, "    Start    REG_DWORD    0x00000000 (0)") ||
		!strings.Contains(r.stdout, `    Group    REG_SZ    (cannot be read: the value "Group" of the key "HKLM\SYSTEM\ControlSet001\Services\d\x1bsk" has its data outside the hive`) ||
		!strings.Contains(r.stderr, "2 parts of") {
		t.Errorf("%d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = wimlens(t, "reg", wim, "1", `HKLM\SYSTEM\Select`, "--recursive")
	if r.code != exitProblems || !strings.Contains(r.stderr, "already reached (a cycle") || !strings.Contains(r.stdout, `HKLM\SYSTEM\Select\ControlSet001\Services`) {
		t.Errorf("%d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}
