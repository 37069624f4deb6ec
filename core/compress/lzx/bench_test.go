package lzx

import (
	"crypto/sha256"
	"encoding/binary"
	"testing"
)

type corpusChunk struct {
	size int
	sum  [sha256.Size]byte
	comp []byte
}

func (c corpusChunk) matches(b []byte) bool { return sha256.Sum256(b) == c.sum }

// loadCorpus reads testdata/corpus-32k.bin: 1 MiB of Go source text and
// amd64 machine code in 32 KiB chunks, compressed by wimlib at level 50.
func loadCorpus(t testing.TB) []corpusChunk {
	t.Helper()
	b := readFile(t, "corpus-32k.bin")
	var cs []corpusChunk
	for len(b) > 0 {
		if len(b) < 8+sha256.Size {
			t.Fatal("corpus-32k.bin: truncated record")
		}
		c := corpusChunk{size: int(binary.LittleEndian.Uint32(b))}
		n := int(binary.LittleEndian.Uint32(b[4:]))
		copy(c.sum[:], b[8:])
		b = b[8+sha256.Size:]
		if n > len(b) {
			t.Fatal("corpus-32k.bin: truncated chunk")
		}
		c.comp, b = b[:n], b[n:]
		cs = append(cs, c)
	}
	return cs
}

func BenchmarkDecompress(b *testing.B) {
	chunks := loadCorpus(b)
	d := newDecompressor(b, 1<<15)
	dst := make([]byte, 1<<15)
	total := 0
	for _, c := range chunks {
		if err := d.Decompress(dst[:c.size], c.comp); err != nil || !c.matches(dst[:c.size]) {
			b.Fatalf("corpus chunk does not decode: %v", err)
		}
		total += c.size
	}
	if total < 1<<20 {
		b.Fatalf("corpus has %d bytes, want 1 MiB", total)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range chunks {
			if err := d.Decompress(dst[:c.size], c.comp); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkDecompressKind splits the corpus into text and machine code.
func BenchmarkDecompressKind(b *testing.B) {
	chunks := loadCorpus(b)
	for i, kind := range []string{"text", "x86"} {
		b.Run(kind, func(b *testing.B) {
			d := newDecompressor(b, 1<<15)
			dst := make([]byte, 1<<15)
			var mine []corpusChunk
			total := 0
			for j := i; j < len(chunks); j += 2 {
				mine = append(mine, chunks[j])
				total += chunks[j].size
			}
			b.SetBytes(int64(total))
			b.ReportAllocs()
			for b.Loop() {
				for _, c := range mine {
					if err := d.Decompress(dst[:c.size], c.comp); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
