package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimlibref"
)

// source is a test vector read into memory: its files (part 1 first) and
// where its structures lie, found by the core on the undamaged bytes.
type source struct {
	vector wimlibref.Vector
	files  [][]byte
	hdrs   []*wim.Header
	meta   []wim.ResourceHeader // the images' metadata resources, in part 1
	data   []dataBlob           // file blobs, by part
}

type dataBlob struct {
	part int // index into files
	res  wim.ResourceHeader
}

func load(v wimlibref.Vector) (*source, error) {
	s := &source{vector: v}
	var parts []wim.Part
	for _, p := range v.Paths() {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		h, err := wim.ReadHeader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		s.files = append(s.files, b)
		s.hdrs = append(s.hdrs, h)
		parts = append(parts, wim.Part{R: bytes.NewReader(b), Size: int64(len(b)), Name: p})
	}
	a, err := wim.OpenParts(parts...)
	if err != nil {
		return nil, err
	}
	for i := 1; i <= a.ImageCount(); i++ {
		mb, err := a.MetadataBlob(i)
		if err != nil {
			return nil, err
		}
		s.meta = append(s.meta, mb.Resource)
	}
	for _, b := range a.Blobs() {
		s.data = append(s.data, dataBlob{b.Part() - 1, b.Resource})
	}
	return s, nil
}

// mutant is one damaged copy of a vector: its files, part 1 first.
type mutant struct {
	kind, name string
	files      [][]byte
}

// kind makes mutants of one sort from a vector: a few fixed ones that
// stand for the sort (first), then n drawn at random.
type kind struct {
	name string
	make func(s *source, r *rand.Rand, n int) []mutant
}

// edit returns a mutant with part i replaced by f(copy of part i).
func (s *source) edit(kind, name string, i int, f func(b []byte) []byte) mutant {
	files := append([][]byte(nil), s.files...)
	files[i] = f(append([]byte(nil), s.files[i]...))
	return mutant{kind, name, files}
}

// flipIn flips one random byte of [off, off+size) of part i.
func (s *source) flipIn(kind string, r *rand.Rand, i int, off, size int64) mutant {
	at := off + r.Int64N(max(size, 1))
	x := byte(1 + r.IntN(255))
	return s.edit(kind, fmt.Sprintf("part %d byte %d ^%#02x", i+1, at, x), i, func(b []byte) []byte {
		if at < int64(len(b)) {
			b[at] ^= x
		}
		return b
	})
}

func put32(kind, name string, s *source, i, at int, v uint32) mutant {
	return s.edit(kind, name, i, func(b []byte) []byte { binary.LittleEndian.PutUint32(b[at:], v); return b })
}

// headerAt is where part i's header lies: a pipable WIM's is at its end.
func (s *source) headerAt(i int) int {
	if s.hdrs[i].Pipable() {
		return len(s.files[i]) - wim.HeaderSize
	}
	return 0
}

var kinds = []kind{
	{"image-count", func(s *source, r *rand.Rand, n int) []mutant {
		h, at := s.hdrs[0], s.headerAt(0)+44
		out := []mutant{put32("image-count", "0 images", s, 0, at, 0)}
		if h.ImageCount > 0 {
			out = append(out, put32("image-count", "one fewer", s, 0, at, h.ImageCount-1))
		}
		out = append(out, put32("image-count", "one more", s, 0, at, h.ImageCount+1))
		for range n {
			v := uint32(r.IntN(int(h.ImageCount) + 3))
			out = append(out, put32("image-count", fmt.Sprintf("%d images", v), s, 0, at, v))
		}
		return out
	}},
	{"chunk-size", func(s *source, r *rand.Rand, n int) []mutant {
		at := s.headerAt(0) + 20
		var out []mutant
		for _, v := range []uint32{0, 4096, 3 << 12, 1 << 17, 1 << 26} {
			if v != s.hdrs[0].ChunkSize {
				out = append(out, put32("chunk-size", fmt.Sprintf("chunk size %d", v), s, 0, at, v))
			}
		}
		for range n {
			v := uint32(1) << (10 + r.IntN(18))
			if r.IntN(2) == 0 {
				v += uint32(r.IntN(4096))
			}
			out = append(out, put32("chunk-size", fmt.Sprintf("chunk size %d", v), s, 0, at, v))
		}
		return out
	}},
	{"integrity", func(s *source, r *rand.Rand, n int) []mutant {
		at := s.headerAt(0) + 124
		rh := s.hdrs[0].Integrity
		zero := s.edit("integrity", "size 0 at a nonzero offset", 0, func(b []byte) []byte {
			binary.LittleEndian.PutUint64(b[at:], 0)
			binary.LittleEndian.PutUint64(b[at+16:], 0)
			if rh.Offset == 0 {
				binary.LittleEndian.PutUint64(b[at+8:], wim.HeaderSize)
			}
			return b
		})
		out := []mutant{zero}
		if rh.Offset == 0 {
			return out
		}
		out = append(out, put32("integrity", "table chunk size not a power of two", s, 0, int(rh.Offset)+8, 3<<12))
		for range n {
			out = append(out, s.flipIn("integrity", r, 0, int64(rh.Offset), int64(rh.StoredSize)))
		}
		return out
	}},
	{"header", func(s *source, r *rand.Rand, n int) []mutant {
		var out []mutant
		// Each table flagged solid, which wimlib then reads as one.
		for _, t := range []struct {
			name string
			at   int
		}{{"blob table", 55}, {"XML data", 79}, {"integrity table", 131}} {
			at := s.headerAt(0) + t.at
			out = append(out, s.edit("header", t.name+" flagged solid", 0, func(b []byte) []byte { b[at] |= 0x10; return b }))
		}
		for range n {
			i := r.IntN(len(s.files))
			out = append(out, s.flipIn("header", r, i, int64(s.headerAt(i))+8, wim.HeaderSize-8))
		}
		return out
	}},
	{"blob-table", func(s *source, r *rand.Rand, n int) []mutant {
		var out []mutant
		for range n {
			i := r.IntN(len(s.files))
			bt := s.hdrs[i].BlobTable
			out = append(out, s.flipIn("blob-table", r, i, int64(bt.Offset), int64(bt.StoredSize)))
		}
		return out
	}},
	{"refcount", func(s *source, r *rand.Rand, n int) []mutant {
		// The images' metadata entries, found by their offsets.
		var out []mutant
		bt := s.hdrs[0].BlobTable
		table := s.files[0][bt.Offset : bt.Offset+bt.StoredSize]
		for e := 0; e+50 <= len(table); e += 50 {
			if table[e+7]&0x02 == 0 {
				continue
			}
			at := int(bt.Offset) + e + 26
			out = append(out, put32("refcount", fmt.Sprintf("entry %d: 0 references", e/50), s, 0, at, 0),
				put32("refcount", fmt.Sprintf("entry %d: 2 references", e/50), s, 0, at, 2))
		}
		return out
	}},
	{"xml", func(s *source, r *rand.Rand, n int) []mutant {
		var out []mutant
		for i := range s.files {
			// Every part's XML: a split WIM carries it in each.
			x := s.hdrs[i].XML
			if x.Offset == 0 {
				continue
			}
			doc := s.files[i][x.Offset : x.Offset+x.StoredSize]
			if bytes.HasPrefix(doc, []byte{0xff, 0xfe}) {
				out = append(out, s.edit("xml", fmt.Sprintf("part %d byte-order mark damaged", i+1), i, func(b []byte) []byte {
					b[x.Offset+1] ^= 0xa8
					return b
				}))
			}
			if j := bytes.Index(doc, []byte("I\x00N\x00D\x00E\x00X\x00=\x00\"\x001\x00")); j >= 0 {
				out = append(out, s.edit("xml", fmt.Sprintf("part %d INDEX=\"2\"", i+1), i, func(b []byte) []byte {
					b[int(x.Offset)+j+14] = '2'
					return b
				}))
			}
			if j := bytes.LastIndex(doc, []byte("<\x00/\x00")); j >= 0 {
				out = append(out, s.edit("xml", fmt.Sprintf("part %d last end tag broken", i+1), i, func(b []byte) []byte {
					b[int(x.Offset)+j] = 'x'
					return b
				}))
			}
		}
		for range n {
			i := r.IntN(len(s.files))
			x := s.hdrs[i].XML
			out = append(out, s.flipIn("xml", r, i, int64(x.Offset), int64(x.StoredSize)))
		}
		return out
	}},
	{"metadata", func(s *source, r *rand.Rand, n int) []mutant {
		var out []mutant
		for range n {
			if len(s.meta) == 0 {
				break
			}
			m := s.meta[r.IntN(len(s.meta))]
			out = append(out, s.flipIn("metadata", r, 0, int64(m.Offset), int64(m.StoredSize)))
		}
		return out
	}},
	{"data", func(s *source, r *rand.Rand, n int) []mutant {
		var out []mutant
		for range n {
			if len(s.data) == 0 {
				break
			}
			d := s.data[r.IntN(len(s.data))]
			out = append(out, s.flipIn("data", r, d.part, int64(d.res.Offset), int64(d.res.StoredSize)))
		}
		return out
	}},
	{"truncate", func(s *source, r *rand.Rand, n int) []mutant {
		var out []mutant
		for k := range n + 1 {
			i := r.IntN(len(s.files))
			size := len(s.files[i]) - 1 // the first: one byte short
			if k > 0 {
				size = r.IntN(len(s.files[i]))
			}
			out = append(out, s.edit("truncate", fmt.Sprintf("part %d cut to %d bytes", i+1, size), i, func(b []byte) []byte { return b[:size] }))
		}
		return out
	}},
}
