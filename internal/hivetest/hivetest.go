// Package hivetest damages registry hives for the tests of what reads them
// inside images (core/registry, the CLI's reg, the page's worker): a hive
// hivex wrote (testvectors/hives) patched in place, each key and value it
// damages named, the rest sound.
package hivetest

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"os"
)

var le = binary.LittleEndian

// Gunzip reads a gzip'd file whole: the hives of testvectors/hives.
func Gunzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(z)
}

// Cells finds the allocated key (sig "nk") or value ("vk") cells named
// name in a hive's bytes (hivex leaves the cells it replaced, free) and
// returns their records, from the signature on, to patch.
func Cells(b []byte, sig, name string) [][]byte {
	fixed, lenAt := 76, 72
	if sig == "vk" {
		fixed, lenAt = 20, 2
	}
	var out [][]byte
	for p := 0x1000; p+4+fixed+len(name) <= len(b); p += 8 {
		c := b[p+4:]
		if int32(le.Uint32(b[p:])) < 0 && string(c[:2]) == sig &&
			int(le.Uint16(c[lenAt:])) == len(name) && bytes.Equal(c[fixed:fixed+len(name)], []byte(name)) {
			out = append(out, c)
		}
	}
	return out
}

// Damage patches a copy of testvectors/hives/SYSTEM: the key Select lists
// the root's subkeys, itself among them (a cycle); every value ImagePath
// claims 2 GiB of data (the most a size can say: its top bit marks data
// stored in the cell); every value Group has its data cell far outside the
// hive.
func Damage(b []byte) error {
	sel, imagePath, group := Cells(b, "nk", "Select"), Cells(b, "vk", "ImagePath"), Cells(b, "vk", "Group")
	if len(sel) != 1 || len(imagePath) == 0 || len(group) == 0 {
		return fmt.Errorf("not testvectors/hives/SYSTEM: %d Select keys, %d ImagePath and %d Group values", len(sel), len(imagePath), len(group))
	}
	root := b[0x1000+le.Uint32(b[36:])+4:]
	copy(sel[0][20:24], root[20:24]) // the count of subkeys
	copy(sel[0][28:32], root[28:32]) // and their list
	for _, v := range imagePath {
		le.PutUint32(v[4:], 0x7FFFFFFF)
	}
	for _, v := range group {
		le.PutUint32(v[8:], 0x7FFFFFF8)
	}
	return nil
}
