package lzms

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// BenchmarkDecompress reports output throughput on 1 MiB of real amd64 code
// and Go source in 128 KiB chunks (the ordinary WIM chunk size), and on the
// 6 MiB chunk built like a solid resource.
func BenchmarkDecompress(b *testing.B) {
	b.Run("128KiB", func(b *testing.B) {
		benchChunks(b, "x86-0", "x86-1", "x86-2", "x86-3", "text-0", "text-1", "text-2", "text-3")
	})
	b.Run("6MiB-solid", func(b *testing.B) { benchChunks(b, "solid") })
}

func benchChunks(b *testing.B, names ...string) {
	var cs []testCase
	var dsts [][]byte
	total := 0
	for _, n := range names {
		c := findCase(b, n)
		cs = append(cs, c)
		dsts = append(dsts, make([]byte, c.size))
		total += c.size
	}
	d := NewDecompressor()
	run := func() {
		for i, c := range cs {
			if err := d.Decompress(dsts[i], c.comp); err != nil {
				b.Fatal(err)
			}
		}
	}
	run() // the first call may grow the stack; later ones must not allocate
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		run()
	}
}

// BenchmarkUndoX86 measures the x86 filter alone: code has many candidate
// instructions, text few, zeros none.
func BenchmarkUndoX86(b *testing.B) {
	for _, name := range []string{"x86-0", "text-0", "zeros"} {
		c := findCase(b, name)
		data := make([]byte, c.size)
		if err := NewDecompressor().Decompress(data, c.comp); err != nil {
			b.Fatal(err)
		}
		var seen x86Seen
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				undoX86(data, &seen)
			}
		})
	}
}

// BenchmarkRebuild measures rebuilding adaptive codes as decoding does:
// 1024 symbols counted, skewed toward low ones, between rebuilds.
func BenchmarkRebuild(b *testing.B) {
	for _, n := range []int{numLiteralSyms, 500} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			var bd builder
			tb, size := uint(literalTableBits), literalTableSize
			if n > numLiteralSyms {
				tb, size = offsetTableBits, offsetTableSize
			}
			c := newHuffCode(n, size, tb, 1024)
			c.reset(&bd, n)
			r := rand.New(rand.NewPCG(1, 2))
			syms := make([]uint32, 1<<16)
			for i := range syms {
				syms[i] = uint32(min(r.ExpFloat64()*float64(n)/12, float64(n-1)))
			}
			i := 0
			for b.Loop() {
				for range 1024 {
					c.freqs[syms[i&(len(syms)-1)]]++
					i++
				}
				c.rebuild(&bd)
			}
		})
	}
}
