package hive

import (
	"bytes"
	"strings"
	"testing"
)

// messages are the words of every error the hostile hives make, in the
// order they are met: the words a support engineer reads, pinned whole.
func messages(t *testing.T) []string {
	var out []string
	say := func(err error) {
		if err != nil {
			// the key nested past the depth limit has a path of 512 names
			out = append(out, strings.ReplaceAll(err.Error(), strings.Repeat(`\deep`, MaxDepth-1), `\deep...`))
		}
	}
	h := open(t, hostile(), `HKLM\X`)
	a, err := h.Key("A")
	if err != nil {
		t.Fatal(err)
	}
	vals, err := a.Values()
	say(err)
	for _, v := range vals {
		_, err := v.Data()
		say(err)
	}
	_, err = vals[0].Uint()
	say(err)
	_, err = a.Value("absent")
	say(err)
	_, err = h.Key(`A\Nope`)
	say(err)
	say(h.Walk(func(k *Key, err error) error { say(err); return nil }))
	d, err := h.Key("D")
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.Values()
	say(err)

	good := hostile()
	mut := func(f func(b []byte)) []byte {
		b := append([]byte(nil), good...)
		f(b)
		return b
	}
	for _, b := range [][]byte{
		nil,
		mut(func(b []byte) { b[3] = 'X' }),
		good[:baseSize],
		mut(func(b []byte) { b[20] = 2 }),
		mut(func(b []byte) { b[28] = 1 }),
		mut(func(b []byte) { b[baseSize] = 'H' }),
		mut(func(b []byte) { le.PutUint32(b[36:], 0x10000000) }),
		mut(func(b []byte) { le.PutUint32(b[36:], 3) }),
		mut(func(b []byte) { le.PutUint32(b[36:], 0xFFFFFFFF) }),
	} {
		_, err := Open(bytes.NewReader(b), int64(len(b)), `HKLM\X`)
		say(err)
	}
	_, err = Open(bytes.NewReader(nil), 0, "")
	say(err)

	// warnings: a hive cut short, dirty, its checksum wrong
	bl := newBuilder()
	ka := bl.key("A", 0, noCell, 0, noCell)
	list := bl.list([]uint32{ka, 0}, 10)
	root := bl.key("ROOT", 2, list, 0, noCell)
	bl.value("filler", Binary, make([]byte, 8192))
	bl.u32(list, 12, bl.key("Z", 0, noCell, 0, noCell))
	full := bl.hive(root)
	full[8]++
	w := open(t, full[:baseSize+0x1000], "")
	for _, err := range w.Warnings {
		say(err)
	}
	_, err = w.Root().Subkeys()
	say(err)

	// many problems, a few said in full
	bl = newBuilder()
	bad := make([]uint32, 20)
	for i := range bad {
		bad[i] = 0x7FFFFFF8
	}
	k := bl.key("K", 20, bl.list(bad, 100), 20, bl.offsets(bad))
	m := open(t, bl.hive(bl.key("ROOT", 1, bl.list([]uint32{k}, 10), 0, noCell)), "")
	mk, err := m.Key("K")
	if err != nil {
		t.Fatal(err)
	}
	_, err = mk.Values()
	say(err)

	// the default value of the root key, a DWORD of two bytes
	bl = newBuilder()
	dv := open(t, bl.hive(bl.key("ROOT", 0, noCell, 1, bl.offsets([]uint32{bl.value("", DWord, []byte{1, 2})}))), "")
	vs, err := dv.Root().Values()
	if err != nil {
		t.Fatal(err)
	}
	_, err = vs[0].Uint()
	say(err)
	return out
}

func TestMessages(t *testing.T) {
	want := []string{
		"the value \"far\" of the key \"HKLM\\X\\A\" has its data outside the hive (offset 0x80000ff8, 4 bytes long; the hive is 110,592 bytes)",
		"the value \"huge\" of the key \"HKLM\\X\\A\" claims 2,147,483,632 bytes of data, more than the whole hive (110,592 bytes)",
		"the value \"inline5\" of the key \"HKLM\\X\\A\" claims 5 bytes of data stored in its cell, where at most 4 fit",
		"the value \"4GB\" of the key \"HKLM\\X\\A\" claims 2,147,483,647 bytes of data stored in its cell, where at most 4 fit",
		"the value \"bigmissing\" of the key \"HKLM\\X\\A\" has data segment 2 outside the hive (offset 0x80000ff8, 4 bytes long; the hive is 110,592 bytes)",
		"value of another type: the value \"ok\" of the key \"HKLM\\X\\A\" is REG_SZ, not a number",
		"not found: the key \"HKLM\\X\\A\" has no value \"absent\"",
		"not found: the key \"HKLM\\X\\A\" has no subkey \"Nope\"",
		"the key \"HKLM\\X\\B\" lists the key at offset 0xd150, which was already reached (a cycle, or a key listed twice); it is not entered again",
		"the key \"HKLM\\X\\C\" has an index (ri) list inside its index list at offset 0xd210; Windows nests them one level only",
		"the key \"HKLM\\X\\D\" claims 4294967295 subkeys, but its subkey list holds 2",
		"the key \"HKLM\\X\\D\" has a subkey at cell 0x7ffffff8 outside the hive (offset 0x80000ff8, 4 bytes long; the hive is 110,592 bytes)",
		"the key \"HKLM\\X\\D\" has a subkey at cell 0x3 at an offset no cell starts at (0x1003, not a multiple of 8)",
		"the key \"HKLM\\X\\E\\deep...\" has subkeys nested deeper than 512 levels below the root, Windows' limit; they are not read",
		"the key \"HKLM\\X\\D\" claims 4294967295 values, but its value list's cell holds only 1",
		"the hive HKLM\\X is 0 bytes long, too short for a registry hive",
		"the hive HKLM\\X does not start with the signature \"regf\" (it starts with 72656758)",
		"the hive HKLM\\X is 4,096 bytes long, too short for its 4,096-byte base block and a hive bin",
		"the hive HKLM\\X is format version 2.5; this reader knows 1.x",
		"the hive HKLM\\X is of file type 1, a transaction log or other non-primary file, which this reader does not read",
		"the hive HKLM\\X has no hive bin where one must start (offset 0x1000 has 4862696e, not \"hbin\")",
		"the hive HKLM\\X has its root key outside the hive (offset 0x10001000, 4 bytes long; the hive is 110,592 bytes)",
		"the hive HKLM\\X has its root key at an offset no cell starts at (0x1003, not a multiple of 8)",
		"the hive HKLM\\X has its root key at offset 0xffffffff, the mark of none",
		"the hive is 0 bytes long, too short for a registry hive",
		"the hive has a base block checksum of 0x666755e6 where its bytes sum to 0x666755e5; read anyway, as Windows does",
		"the hive was not cleanly written (sequence numbers 1 and 2 differ); its transaction logs, which would complete it, are not applied",
		"the hive claims 12,288 bytes of hive bins, but the file holds only 4,096 bytes after its base block; reading what is there",
		"the root key has a subkey at cell 0x2110 outside the hive (offset 0x3110, 4 bytes long; the hive is 8,192 bytes)",
		"the key \"K\" has a value at cell 0x7ffffff8 outside the hive (offset 0x80000ff8, 4 bytes long; the hive is 8,192 bytes)\nthe key \"K\" has a value at cell 0x7ffffff8 outside the hive (offset 0x80000ff8, 4 bytes long; the hive is 8,192 bytes)\nthe key \"K\" has a value at cell 0x7ffffff8 outside the hive (offset 0x80000ff8, 4 bytes long; the hive is 8,192 bytes)\nthe key \"K\" has a value at cell 0x7ffffff8 outside the hive (offset 0x80000ff8, 4 bytes long; the hive is 8,192 bytes)\nthe key \"K\" has a value at cell 0x7ffffff8 outside the hive (offset 0x80000ff8, 4 bytes long; the hive is 8,192 bytes)\nthe key \"K\" has a value at cell 0x7ffffff8 outside the hive (offset 0x80000ff8, 4 bytes long; the hive is 8,192 bytes)\nthe key \"K\" has a value at cell 0x7ffffff8 outside the hive (offset 0x80000ff8, 4 bytes long; the hive is 8,192 bytes)\nthe key \"K\" has a value at cell 0x7ffffff8 outside the hive (offset 0x80000ff8, 4 bytes long; the hive is 8,192 bytes)\nthe key \"K\" has 12 more problems like these",
		"the default value of the root key is REG_DWORD but holds 2 bytes, too few for one",
	}
	got := messages(t)
	for i := range max(len(got), len(want)) {
		if i >= len(got) || i >= len(want) || got[i] != want[i] {
			t.Errorf("message %d:\ngot  %q\nwant %q", i, got[min(i, len(got)-1)], want[min(i, len(want)-1)])
		}
	}
}
