package hive

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/inputerr"
)

// hostile is a hive whose keys are each damaged in one way, beside a
// sound one.
func hostile() []byte {
	b := newBuilder()
	at := map[string]uint32{}

	ok := b.value("ok", SZ, sz("fine"))
	far := b.value("far", Binary, bytes.Repeat([]byte{1}, 10))
	b.u32(far, 8, 0x7FFFFFF8) // data cell far past the end
	huge := b.value("huge", Binary, bytes.Repeat([]byte{1}, 10))
	b.u32(huge, 4, 0xFFFFFFF0&^inline) // claims nearly 2 GiB
	inl := b.value("inline5", DWord, []byte{1, 2, 3, 4})
	b.u32(inl, 4, inline|5)
	four := b.value("4GB", Binary, []byte{1, 2, 3, 4})
	b.u32(four, 4, 0xFFFFFFFF)
	big := b.value("bigmissing", Binary, bytes.Repeat([]byte{7}, 3*bigSegment))
	list := le.Uint32(b.bins[le.Uint32(b.bins[big+4+8:])+4+4:]) // the db cell's segment list
	b.u32(list, 4, 0x7FFFFFF8)                                  // its second segment points nowhere
	at["A"] = b.key("A", 0, noCell, 6, b.offsets([]uint32{ok, far, huge, inl, four, big}))

	at["B"] = b.key("B", 1, noCell, 0, noCell) // lists itself
	b.u32(at["B"], 28, b.list([]uint32{at["B"]}, 10))

	at["C"] = b.key("C", 1, noCell, 0, noCell) // an ri list listing itself
	ri := b.alloc([]byte{'r', 'i', 1, 0, 0, 0, 0, 0})
	b.u32(ri, 4, ri)
	b.u32(at["C"], 28, ri)

	at["D"] = b.key("D", 0xFFFFFFFF, b.list([]uint32{0x7FFFFFF8, 3}, 10), 0xFFFFFFFF, b.offsets([]uint32{ok}))

	// a chain nested past Windows' depth limit
	deep := b.key("deepest", 0, noCell, 0, noCell)
	for range MaxDepth + 10 {
		deep = b.key("deep", 1, b.list([]uint32{deep}, 10), 0, noCell)
	}
	at["E"] = b.key("E", 1, b.list([]uint32{deep}, 10), 1, b.offsets([]uint32{ok}))

	root := b.key("ROOT", 5, b.list([]uint32{at["A"], at["B"], at["C"], at["D"], at["E"]}, 10), 0, noCell)
	return b.hive(root)
}

func TestHostileValues(t *testing.T) {
	h := open(t, hostile(), `HKLM\X`)
	a, err := h.Key("A")
	if err != nil {
		t.Fatal(err)
	}
	vals, err := a.Values()
	if err != nil || len(vals) != 6 {
		t.Fatalf("%d values, %v", len(vals), err)
	}
	want := map[string]struct {
		kind error
		text string
	}{
		"far":        {ErrOutside, `the value "far" of the key "HKLM\X\A" has its data outside the hive (offset 0x80000ff8, 4 bytes long; the hive is `},
		"huge":       {ErrOutside, `the value "huge" of the key "HKLM\X\A" claims 2,147,483,632 bytes of data, more than the whole hive`},
		"inline5":    {ErrCorrupt, `claims 5 bytes of data stored in its cell, where at most 4 fit`},
		"4GB":        {ErrCorrupt, `claims 2,147,483,647 bytes of data stored in its cell`},
		"bigmissing": {ErrOutside, `has data segment 2 outside the hive`},
	}
	for _, v := range vals {
		d, err := v.Data()
		if v.Name == "ok" {
			if s, err := v.String(); err != nil || s != "fine" {
				t.Errorf("ok: %q %v", s, err)
			}
			continue
		}
		w := want[v.Name]
		if d != nil || !errors.Is(err, w.kind) || !strings.Contains(err.Error(), w.text) {
			t.Errorf("%s: %v\nwant %v: ...%s...", v.Name, err, w.kind, w.text)
		}
		var fe *inputerr.Error
		if !errors.As(err, &fe) || fe.Field != `the value "`+v.Name+`" of the key "HKLM\X\A"` || fe.Offset < baseSize {
			t.Errorf("%s: not an inputerr.Error naming the key, value and offset: %#v", v.Name, err)
		}
	}
}

func TestHostileWalk(t *testing.T) {
	h := open(t, hostile(), "")
	var keys int
	errs := map[string][]error{}
	err := h.Walk(func(k *Key, err error) error {
		if err == nil {
			keys++
		} else {
			errs[k.Path()] = append(errs[k.Path()], err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	check := func(key string, kind error, text string) {
		t.Helper()
		for _, e := range errs[key] {
			if errors.Is(e, kind) && strings.Contains(e.Error(), text) {
				return
			}
		}
		t.Errorf("%s: %v, want %v with %q", key, errs[key], kind, text)
	}
	check("B", ErrCycle, `the key "B" lists the key at offset 0x`)
	check("C", ErrCorrupt, `the key "C" has an index (ri) list inside its index list`)
	check("D", ErrCorrupt, `the key "D" claims 4294967295 subkeys, but its subkey list holds 2`)
	check("D", ErrOutside, `the key "D" has a subkey at cell 0x7ffffff8 outside the hive`)
	check("D", ErrCorrupt, `has a subkey at cell 0x3 at an offset no cell starts at`)
	check(`E`+strings.Repeat(`\deep`, MaxDepth-1), ErrTooDeep, `nested deeper than 512 levels`)
	// the root, A, B, E and the chain from depth 2 to 511 (C's and D's
	// subkey lists are errors; the key at 512 has subkeys too deep)
	if want := 4 + MaxDepth - 2; keys != want {
		t.Errorf("visited %d keys cleanly, want %d", keys, want)
	}
	// D's values stay readable although its subkeys do not.
	d, err := h.Key("D")
	if err != nil {
		t.Fatal(err)
	}
	vals, err := d.Values()
	if len(vals) != 1 || !errors.Is(err, ErrCorrupt) {
		t.Errorf("D's values: %d, %v", len(vals), err)
	}
	if _, err := h.Key(`B\B\B\B`); err != nil {
		t.Errorf("a lookup through a cycle ends with the path: %v", err)
	}
}

func TestHostileBase(t *testing.T) {
	good := hostile()
	mut := func(f func(b []byte) []byte) []byte {
		return f(append([]byte(nil), good...))
	}
	for _, c := range []struct {
		name string
		data []byte
		kind error
		text string
	}{
		{"empty", nil, ErrNotHive, "the hive is 0 bytes long"},
		{"signature", mut(func(b []byte) []byte { b[3] = 'X'; return b }), ErrNotHive, `does not start with the signature "regf"`},
		{"base only", good[:baseSize], ErrTruncated, "too short for its 4,096-byte base block"},
		{"version", mut(func(b []byte) []byte { b[20] = 2; return b }), ErrUnsupported, "is format version 2.5"},
		{"log", mut(func(b []byte) []byte { b[28] = 1; return b }), ErrUnsupported, "transaction log"},
		{"hbin", mut(func(b []byte) []byte { b[baseSize] = 'H'; return b }), ErrCorrupt, `has no hive bin where one must start`},
		{"root", mut(func(b []byte) []byte { le.PutUint32(b[36:], 0x10000000); return b }), ErrOutside, "the hive has its root key outside the hive"},
	} {
		_, err := Open(bytes.NewReader(c.data), int64(len(c.data)), "")
		if !errors.Is(err, c.kind) || !strings.Contains(err.Error(), c.text) {
			t.Errorf("%s: %v, want %v with %q", c.name, err, c.kind, c.text)
		}
	}
}

func TestWarnings(t *testing.T) {
	// A, then 8 KiB of data, then Z: cut at the data, Z is gone.
	b := newBuilder()
	a := b.key("A", 0, noCell, 0, noCell)
	list := b.list([]uint32{a, 0}, 10)
	root := b.key("ROOT", 2, list, 0, noCell)
	b.value("filler", Binary, make([]byte, 8192))
	z := b.key("Z", 0, noCell, 0, noCell)
	b.u32(list, 12, z)
	full := b.hive(root)
	full[8]++ // sequence numbers differ, and the checksum no longer matches
	h := open(t, full[:baseSize+0x1000], "")
	var kinds []error
	for _, w := range h.Warnings {
		for _, k := range []error{ErrChecksum, ErrDirty, ErrTruncated} {
			if errors.Is(w, k) {
				kinds = append(kinds, k)
			}
		}
	}
	if len(kinds) != 3 {
		t.Errorf("warnings %v", h.Warnings)
	}
	subs, err := h.Root().Subkeys()
	if len(subs) != 1 || subs[0].Name != "A" || !errors.Is(err, ErrOutside) {
		t.Errorf("subkeys %d, %v", len(subs), err)
	}
	if _, err := h.Key("A"); err != nil {
		t.Error(err)
	}
}

// A value list, subkey list and ri list of many bad entries keep a few
// errors in full and count the rest.
func TestManyProblems(t *testing.T) {
	b := newBuilder()
	bad := make([]uint32, 1000)
	for i := range bad {
		bad[i] = 0x7FFFFFF8
	}
	k := b.key("K", 1000, b.list(bad, 100), 1000, b.offsets(bad))
	root := b.key("ROOT", 1, b.list([]uint32{k}, 10), 0, noCell)
	h := open(t, b.hive(root), "")
	key, err := h.Key("K")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []func() (int, error){
		func() (int, error) { s, err := key.Subkeys(); return len(s), err },
		func() (int, error) { v, err := key.Values(); return len(v), err },
	} {
		n, err := f()
		if n != 0 || !strings.Contains(err.Error(), "more problems like these") || strings.Count(err.Error(), "\n") != keptProblems {
			t.Errorf("%d, %v", n, err)
		}
	}
}

// ri lists of lf, lh and li lists, as Windows writes for keys of many
// subkeys.
func TestIndexLists(t *testing.T) {
	for _, sig := range []string{"lf", "lh", "li"} {
		b := newBuilder()
		b.listSig = sig
		var offs []uint32
		for i := range 1500 {
			offs = append(offs, b.key(fmt.Sprintf("K%04d", i), 0, noCell, 0, noCell))
		}
		h := open(t, b.hive(b.key("ROOT", 1500, b.list(offs, 500), 0, noCell)), "")
		subs, err := h.Root().Subkeys()
		if err != nil || len(subs) != 1500 || subs[1499].Name != "K1499" {
			t.Fatalf("%s: %d subkeys, %v", sig, len(subs), err)
		}
		if _, err := h.Key("k0777"); err != nil {
			t.Errorf("%s: %v", sig, err)
		}
	}
}

// Keys sharing one long subkey list cost Walk a few times the hive's
// size, not its square.
func TestSharedLists(t *testing.T) {
	b := newBuilder()
	leaf := b.key("L", 0, noCell, 0, noCell)
	same := make([]uint32, 2000)
	for i := range same {
		same[i] = leaf
	}
	list := b.list(same, 2000)
	var keys []uint32
	for range 200 {
		keys = append(keys, b.key("K", 2000, list, 0, noCell))
	}
	data := b.hive(b.key("ROOT", 200, b.list(keys, 1000), 0, noCell))
	h := open(t, data, "")
	calls, shared := 0, 0
	if err := h.Walk(func(_ *Key, err error) error {
		calls++
		if errors.Is(err, ErrShared) {
			shared++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// a list entry for every 4 bytes read
	if limit := (walkReads*len(data)+1<<20)/4 + 202; calls > limit || shared == 0 {
		t.Errorf("%d calls (%d shared), more than %d", calls, shared, limit)
	}
}

// Keys sharing one value of large data cost a walk reading every value a
// few times the hive's size, not its square.
func TestSharedValues(t *testing.T) {
	b := newBuilder()
	v := b.offsets([]uint32{b.value("big", Binary, make([]byte, 10000))})
	var keys []uint32
	for range 1000 {
		keys = append(keys, b.key("K", 0, noCell, 1, v))
	}
	data := b.hive(b.key("ROOT", 1000, b.list(keys, 1000), 0, noCell))
	h := open(t, data, "")
	var read, shared int
	err := h.Walk(func(k *Key, err error) error {
		vals, err := k.Values()
		if errors.Is(err, ErrShared) {
			shared++
		}
		for _, v := range vals {
			d, err := v.Data()
			read += len(d)
			if errors.Is(err, ErrShared) {
				shared++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if limit := walkReads*len(data) + 1<<20; read > limit || shared == 0 {
		t.Errorf("read %d bytes (%d shared), more than %d", read, shared, limit)
	}
}
