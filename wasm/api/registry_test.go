package api

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/registry"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/hivetest"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// The page's registry: a hive file opened by its node, its keys listed in
// pages with ids that stay, a key's values, and a search; each answer is
// core/registry's for the same key.
func TestRegistry(t *testing.T) {
	s := open(t, "../../testvectors/windows-image/windows.wim")
	file := find(t, s, "Windows/System32/config/SOFTWARE")
	h, _ := do[*view.RegHive](t, s, Request{Op: "regOpen", Image: 1, Node: file.ID})
	if h.Name != `HKLM\SOFTWARE` || h.File != "/Windows/System32/config/SOFTWARE" || !h.Root.Dir || h.Root.ID != 0 {
		t.Fatalf("%+v", h)
	}
	// Down to CurrentVersion, a page of one subkey at a time where there
	// are several.
	node := 0
	for _, name := range strings.Split(`Microsoft\Windows NT\CurrentVersion`, `\`) {
		var found *view.Entry
		var total int
		for off := 0; ; off++ {
			l, _ := do[*view.RegList](t, s, Request{Op: "regList", Hive: h.ID, Node: node, Offset: int64(off), Limit: 1})
			total = l.Total
			if len(l.Entries) == 0 {
				break
			}
			if l.Entries[0].Name == name {
				found = &l.Entries[0]
			}
		}
		if found == nil {
			t.Fatalf("no %s among %d", name, total)
		}
		again, _ := do[*view.RegList](t, s, Request{Op: "regList", Hive: h.ID, Node: node})
		if len(again.Entries) != total || again.Error != nil {
			t.Fatalf("whole list: %+v", again)
		}
		node = found.ID
	}
	k, _ := do[*view.RegKey](t, s, Request{Op: "regKey", Hive: h.ID, Node: node})
	b, err := os.ReadFile("../../testvectors/windows-image/windows.wim")
	if err != nil {
		t.Fatal(err)
	}
	a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	img, err := a.Image(1)
	if err != nil {
		t.Fatal(err)
	}
	want, file2, err := registry.New(a, 1, img).Key(`HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion`)
	if err != nil {
		t.Fatal(err)
	}
	d := registry.Describe(want, file2, false)
	if k.Path != d.Path || len(k.Values) != len(d.Values) || len(k.Values) < 5 {
		t.Fatalf("%+v\nwant %+v", k, d)
	}
	for i := range d.Values {
		if k.Values[i].Name != d.Values[i].Name || k.Values[i].Decimal != d.Values[i].Decimal || k.Values[i].Hex != d.Values[i].Hex {
			t.Errorf("value %d: %+v, want %+v", i, k.Values[i], d.Values[i])
		}
	}
	sr, _ := do[*view.RegSearch](t, s, Request{Op: "regSearch", Hive: h.ID, Query: "productname", Limit: 10})
	if len(sr.Hits) != 1 || sr.Hits[0] != (view.RegHit{Path: `Microsoft\Windows NT\CurrentVersion`, Value: "ProductName", IsValue: true}) {
		t.Errorf("%+v", sr)
	}
	// Not a hive: an error, and nothing else breaks.
	if _, err := s.Handle(Request{Op: "regOpen", Image: 1, Node: find(t, s, "Windows/System32/kernel32.dll").ID}, &collector{}); err == nil || !strings.Contains(err.Error(), `"regf"`) {
		t.Errorf("kernel32.dll: %v", err)
	}
	if _, err := s.Handle(Request{Op: "regList", Hive: 7}, &collector{}); err == nil {
		t.Error("hive 7 answered")
	}
}

// A damaged hive in the page: each request answers, with the damage as
// an error on the key or value it is in.
func TestRegistryDamage(t *testing.T) {
	sys, err := hivetest.Gunzip("../../testvectors/hives/SYSTEM.gz")
	if err != nil {
		t.Fatal(err)
	}
	if err := hivetest.Damage(sys); err != nil {
		t.Fatal(err)
	}
	path := t.TempDir() + "/damaged.wim"
	if err := os.WriteFile(path, wimtest.Build(&wimtest.Entry{Name: "SYSTEM", Data: sys}), 0o644); err != nil {
		t.Fatal(err)
	}
	s := open(t, path)
	h, _ := do[*view.RegHive](t, s, Request{Op: "regOpen", Image: 1, Node: find(t, s, "SYSTEM").ID})
	byName := func(node int, name string) view.Entry {
		l, _ := do[*view.RegList](t, s, Request{Op: "regList", Hive: h.ID, Node: node})
		for _, e := range l.Entries {
			if e.Name == name {
				return e
			}
		}
		t.Fatalf("no %s in %+v", name, l)
		return view.Entry{}
	}
	// Select lists the root's keys, itself among them: each listing is
	// one more level, as far as a person clicks.
	sel := byName(0, "Select")
	if again := byName(sel.ID, "Select"); again.ID == sel.ID {
		t.Errorf("the cycle's key has one id: %+v", again)
	}
	disk := byName(byName(byName(0, "ControlSet001").ID, "Services").ID, "disk")
	k, _ := do[*view.RegKey](t, s, Request{Op: "regKey", Hive: h.ID, Node: disk.ID})
	bad := 0
	for _, v := range k.Values {
		if v.Error != nil {
			bad++
		}
	}
	if bad != 2 || len(k.Values) != 5 {
		t.Errorf("%+v", k.Values)
	}
	sr, _ := do[*view.RegSearch](t, s, Request{Op: "regSearch", Hive: h.ID, Query: "start"})
	if len(sr.Hits) == 0 || sr.Error == nil || !strings.Contains(sr.Error.Message, "already reached") {
		t.Errorf("%+v", sr)
	}
}
