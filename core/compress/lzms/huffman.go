package lzms

import (
	"math"
	"slices"

	"github.com/wimlens/wimlens/core/compress/internal/huff"
)

// LZMS Huffman codes are adaptive: both sides count the symbols decoded with a
// code and rebuild it from those counts after a fixed number of symbols, then
// halve the counts. The decoder must build bit-for-bit the code the encoder
// built, so the construction below follows wimlib's exactly: symbols ordered
// by (frequency, symbol), the two-queue Huffman merge preferring leaves on
// frequency ties, wimlib's length limiting, and a canonical assignment with
// the longest codewords going to the first symbols in that order.

const maxCodewordLen = 15

// Root table sizes. They only trade rebuild time against subtable lookups;
// the table lengths are zlib's "enough" bounds for these parameters (as listed
// in wimlib's decompress_common.h) with codewords of up to 15 bits. Eight
// symbols never need codewords over 7 bits, so that table has no subtables.
const (
	literalTableBits    = 10
	lengthTableBits     = 9
	offsetTableBits     = 11
	deltaPowerTableBits = 7

	literalTableSize    = 1302
	lengthTableSize     = 618
	offsetTableSize     = 2854
	deltaPowerTableSize = 1 << deltaPowerTableBits
)

// Rebuild periods, in symbols decoded with the code.
const (
	literalRebuild    = 1024
	offsetRebuild     = 1024 // LZ and delta alike
	lengthRebuild     = 512
	deltaPowerRebuild = 512
)

// A decode table entry is symbol<<4 | bits to consume.
const (
	entryLenBits = 4
	entryLenMask = 1<<entryLenBits - 1
)

// huffCode is one adaptive code with its decode table. A root table entry is
// either symbol<<4|length, or, for codewords longer than the root's bits, a
// pointer start<<4|bits to a subtable that follows the root; pointers are told
// apart by start >= 1<<tableBits, which exceeds every symbol.
type huffCode struct {
	table     []uint16
	freqs     []uint32 // full capacity: symbol 0 is counted even with n == 0
	n         int      // symbols in the alphabet
	tableBits uint
	untilNext int // symbols until the next rebuild
	every     int // rebuild period

	// Every chunk starts with all frequencies 1; the table that gives is
	// kept for the last alphabet size, which rarely changes.
	first  []uint16
	firstN int
}

// newHuffCode allocates a code for up to maxSyms symbols with a table of
// size entries, tableBits of them indexing the root.
func newHuffCode(maxSyms, size int, tableBits uint, every int) huffCode {
	return huffCode{
		table:     make([]uint16, size),
		first:     make([]uint16, size),
		firstN:    -1,
		freqs:     make([]uint32, maxSyms),
		tableBits: tableBits,
		every:     every,
	}
}

// reset starts the code over for an alphabet of n symbols, all with
// frequency 1.
func (c *huffCode) reset(b *builder, n int) {
	c.n = n
	for i := range c.freqs[:n] {
		c.freqs[i] = 1
	}
	if n == c.firstN {
		copy(c.table, c.first)
		c.untilNext = c.every
		return
	}
	b.build(c)
	copy(c.first, c.table)
	c.firstN = n
}

// decodeSym returns the next symbol in bits (left-aligned, at least 15 bits
// valid) for the code whose decode table with tb root bits is table, and the
// length of its codeword. Callers pass tb as a constant so that the shifts
// fold.
func decodeSym(table []uint16, tb uint, bits uint64) (uint32, uint) {
	e := uint(table[bits>>(64-tb)])
	n := e & entryLenMask
	if e >= 1<<(tb+entryLenBits) {
		// A subtable pointer: index the subtable with the next n bits.
		e = uint(table[e>>entryLenBits+uint(bits<<tb>>(64-n))])
		n = tb + e&entryLenMask
	}
	return uint32(e >> entryLenBits), n
}

// count tallies a decoded symbol and reports whether the code is due for a
// rebuild.
func (c *huffCode) count(sym uint32) bool {
	c.freqs[sym]++
	c.untilNext--
	return c.untilNext == 0
}

// rebuild makes the code anew from the counts, then halves them. Kept out of
// line, as it runs once per hundreds of symbols.
func (c *huffCode) rebuild(b *builder) {
	b.build(c)
	for i, f := range c.freqs[:c.n] {
		c.freqs[i] = f>>1 + 1
	}
}

// builder holds the scratch space for building codes, shared by all five.
type builder struct {
	keys   [maxOffsetSyms + 2]uint32 // freq<<10 | symbol, sorted, then two sentinels
	start  [maxOffsetSyms]uint16     // counting sort buckets
	node   [maxOffsetSyms]uint32     // internal nodes: frequency, then depth
	parent [maxOffsetSyms]uint16
	lens   [maxOffsetSyms]uint8
	count  [maxCodewordLen + 1]uint32 // codewords per length in lens
	sorted [maxOffsetSyms]uint16      // symbols by (length, symbol)
}

// build makes c's codeword lengths from its frequencies, then its decode
// table, and restarts its rebuild countdown.
func (b *builder) build(c *huffCode) {
	c.untilNext = c.every
	n := c.n
	switch n {
	case 0:
		// No offset slots (chunks under 2 bytes): decode symbol 0 from no
		// bits, as wimlib does; no offset is then valid anyway.
		clear(c.table[:1<<c.tableBits])
		return
	case 1:
		// One slot (2-byte chunks). wimlib assigns it codeword 0 of length
		// 1 but then fails to build a table for so incomplete a code; read
		// one bit and take the only symbol, whatever the bit.
		fill(c.table[:1<<c.tableBits], 1)
		return
	}
	b.lengths(c.freqs[:n])
	b.table(c, n)
}

// lengths sets b.lens[:len(freqs)] to the codeword lengths wimlib's
// make_canonical_huffman_code gives these frequencies, all of which are >= 1.
func (b *builder) lengths(freqs []uint32) {
	n := len(freqs)
	keys := b.sortByFreq(freqs)

	keys = keys[:n+2]
	keys[n], keys[n+1] = math.MaxUint32, math.MaxUint32
	node, parent, count := b.node[:n-1], b.parent[:n-1], &b.count
	mergeNodes(keys, node, parent)
	*count = [maxCodewordLen + 1]uint32{}
	// A node that would reach past the maximum length is moved up to the
	// deepest shorter length still holding a leaf, as wimlib does; that keeps
	// the code complete. (LZMS frequencies stay too low for it to happen.)
	for k := nodeDepths(node, parent, count); k >= 0; k-- {
		node[k] = node[parent[k]] + 1
		l := maxCodewordLen - 1
		for count[l] == 0 {
			l--
		}
		count[l]--
		count[l+1] += 2
	}
	assignLengths(keys[:n], b.lens[:], count)
}

// sortByFreq returns the symbols as freq<<10 | symbol, sorted. Most counts
// are small, so it is a counting sort on min(freq, n-1), symbols in order
// within each bucket, then a real sort of just the last bucket.
func (b *builder) sortByFreq(freqs []uint32) []uint32 {
	keys := b.keys[:len(freqs)]
	top := countSort(freqs, b.start[:len(freqs)], keys)
	slices.Sort(keys[top:])
	return keys
}

// table fills c.table for the canonical code with lengths b.lens[:n], of
// which b.count counts each length. Codewords count up in (length,
// symbol) order, so with the symbols in that order the short ones fill
// the root table from its start, as XPRESS's and LZX's do
// (internal/huff).
func (b *builder) table(c *huffCode, n int) {
	tb := c.tableBits
	t := c.table
	// The symbols in canonical order (by length, then symbol): the short
	// ones fill the root, the long ones, from sorted[short] on, subtables.
	var count, next [maxCodewordLen + 1]int // count is used up below
	for l := 1; l <= maxCodewordLen; l++ {
		count[l] = int(b.count[l])
		next[l] = next[l-1] + count[l-1]
	}
	huff.Sort(b.lens[:n], next[:], b.sorted[:])
	short, pos := huff.FillRoot(t, b.sorted[:], count[:], tb)
	long := n - short

	// The rest of the root points at subtables. Each covers the codewords
	// sharing one root prefix and is as small as those allow: its bits are
	// the smallest s for which the codewords of lengths tb+1..tb+s, in order,
	// fill 2^s entries.
	l := tb + 1
	code := pos << 1 // first codeword of length tb+1
	sub := 1 << tb   // where the next subtable goes
	prefix := -1
	var subBits uint
	for k := range long {
		for count[l] == 0 {
			l++
			code <<= 1
		}
		if p := code >> (l - tb); p != prefix {
			prefix = p
			subBits = l - tb
			room := 1 << subBits
			for {
				room -= count[tb+subBits]
				if room <= 0 {
					break
				}
				subBits++
				room <<= 1
			}
			t[p] = uint16(sub<<entryLenBits) | uint16(subBits)
		}
		step := 1 << (subBits - (l - tb))
		fill(t[sub:sub+step], b.sorted[short+k]<<entryLenBits|uint16(l-tb))
		sub += step
		count[l]--
		code++
	}
}

func fill(s []uint16, v uint16) {
	for i := range s {
		s[i] = v
	}
}
