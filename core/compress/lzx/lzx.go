// Package lzx decodes LZX as WIM files use it: every chunk is compressed on
// its own with a window equal to the chunk size.
//
// The base format is Microsoft's LZX (Cabinet LZX, and LZX DELTA in
// [MS-PATCH]). WIM departs from it in ways wimlib documents and implements:
// no stream header (E8 call translation is always undone, with the file size
// fixed at 12000000), a block size that is one bit for the default 32768 or
// else 16 bits (24 for windows over 32 KiB), and each chunk starting afresh:
// recent offsets 1, 1, 1 and all previous codeword lengths 0.
package lzx

import (
	"bytes"
	"encoding/binary"
	"errors"

	"github.com/wimlens/wimlens/core/compress"
)

const (
	numChars       = 256
	minMatch       = 2
	numLenHeaders  = 8 // length headers per offset slot in a main symbol
	numLenSyms     = 249
	numPreSyms     = 20
	numAlignedSyms = 8
	maxSlots       = 50
	maxMainSyms    = numChars + maxSlots*numLenHeaders

	blockVerbatim     = 1
	blockAligned      = 2
	blockUncompressed = 3

	defaultBlockSize = 32768
	minWindowOrder   = 15
	maxWindowOrder   = 21

	// Offset slots from this one code their low 3 bits with the aligned
	// offset code in aligned blocks.
	firstAlignedSlot = 8

	// e8FileSize is the translation size WIM always uses for E8 calls.
	e8FileSize = 12000000
	// No call is translated at the last e8Tail bytes of a chunk: the
	// 4-byte target must lie before its last 6 bytes.
	e8Tail = 10
)

// Offset slot tables, indexed by slot. Slots 0-2 are the recent offsets;
// from slot 3 an offset is slotBase[slot] plus extra bits. In aligned blocks
// slots from firstAlignedSlot read 3 fewer bits and an aligned symbol.
var slotBase, verbatimExtra, alignedExtra = slotTables()

func slotTables() (base [64]uint32, verbatim, aligned [64]uint8) {
	pos := uint32(0) // the spec's position base; offsets are 2 less
	for s := range maxSlots {
		bits := uint8(0)
		if s >= 4 {
			bits = uint8(min((s-2)/2, 17))
		}
		if s >= 3 {
			base[s] = pos - 2
		}
		verbatim[s], aligned[s] = bits, bits
		if s >= firstAlignedSlot {
			aligned[s] -= 3
		}
		pos += 1 << bits
	}
	return
}

// Decompressor decodes LZX chunks of one WIM resource. It keeps its tables
// between calls and is not safe for concurrent use.
type Decompressor struct {
	window      int
	windowOrder uint
	numMainSyms int
	r           [3]uint32 // recent offsets R0, R1, R2

	// The current block's extra offset bits per slot, and the first slot
	// with an aligned offset symbol (maxSlots: none).
	extra       *[64]uint8
	alignedFrom uint

	mainTable    [mainTableSize]uint16
	lenTable     [lenTableSize]uint16
	alignedTable [alignedSize]uint16
	preTable     [preTableSize]uint16

	// Codeword lengths; main and length ones are deltas from the previous
	// block's, so they live across blocks of a chunk.
	mainLens    [maxMainSyms]uint8
	lenLens     [numLenSyms]uint8
	alignedLens [numAlignedSyms]uint8
	preLens     [numPreSyms]uint8
	sorted      [maxMainSyms]uint16 // scratch for buildTable
}

var _ compress.Decompressor = (*Decompressor)(nil)

// NewDecompressor returns a decoder for chunks of windowSize bytes, a power
// of two from 32 KiB to 2 MiB: the WIM resource's chunk size.
func NewDecompressor(windowSize int) (*Decompressor, error) {
	order := uint(minWindowOrder)
	for order <= maxWindowOrder && 1<<order != windowSize {
		order++
	}
	if order > maxWindowOrder {
		return nil, errors.New("lzx: window size must be a power of two from 32 KiB to 2 MiB")
	}
	// Slots cover offsets up to window-3, giving the spec's 30 slots for
	// 32 KiB up to 50 for 2 MiB.
	slots := 30
	for slots < maxSlots && uint32(windowSize-3) >= slotBase[slots] {
		slots++
	}
	return &Decompressor{
		window:      windowSize,
		windowOrder: order,
		numMainSyms: numChars + slots*numLenHeaders,
	}, nil
}

// Decompress decodes the chunk src into all of dst. Like wimlib, it
// ignores input after the block that completes dst.
func (d *Decompressor) Decompress(dst, src []byte) error {
	br := bitReader{src: src}
	if len(dst) > d.window {
		return br.corrupt("output larger than the window")
	}
	d.reset()
	for out := 0; out < len(dst); {
		var err error
		if _, out, err = d.nextBlock(&br, dst, out); err != nil {
			return err
		}
	}
	undoE8(dst)
	return nil
}

// reset starts a chunk: chunks share no state.
func (d *Decompressor) reset() {
	d.r = [3]uint32{1, 1, 1}
	clear(d.mainLens[:])
	clear(d.lenLens[:])
}

// nextBlock decodes the block starting at dst[out] and returns its type and
// where it ends.
func (d *Decompressor) nextBlock(br *bitReader, dst []byte, out int) (typ, end int, err error) {
	typ = int(br.read(3))
	size := defaultBlockSize
	if br.read(1) == 0 {
		size = int(br.read(16))
		if d.windowOrder > minWindowOrder {
			size = size<<8 | int(br.read(8))
		}
	}
	if size == 0 || size > len(dst)-out {
		return typ, 0, br.corrupt("bad block size")
	}
	end = out + size

	switch typ {
	case blockAligned:
		for i := range d.alignedLens {
			d.alignedLens[i] = uint8(br.read(3))
		}
		if !buildTable(d.alignedTable[:], d.alignedLens[:], alignedBits, maxAlignedLen, d.sorted[:]) {
			return typ, 0, br.corrupt("bad aligned offset code")
		}
		fallthrough
	case blockVerbatim:
		if err := d.readLens(br, d.mainLens[:numChars]); err != nil {
			return typ, 0, err
		}
		if err := d.readLens(br, d.mainLens[numChars:d.numMainSyms]); err != nil {
			return typ, 0, err
		}
		if err := d.readLens(br, d.lenLens[:]); err != nil {
			return typ, 0, err
		}
		if !buildTable(d.mainTable[:], d.mainLens[:d.numMainSyms], mainBits, maxCodeLen, d.sorted[:]) {
			return typ, 0, br.corrupt("bad main code")
		}
		if !buildTable(d.lenTable[:], d.lenLens[:], lenBits, maxCodeLen, d.sorted[:]) {
			return typ, 0, br.corrupt("bad length code")
		}
		if err := d.decodeBlock(br, dst, out, end, typ == blockAligned); err != nil {
			return typ, 0, err
		}
	case blockUncompressed:
		if err := d.copyBlock(br, dst[out:end]); err != nil {
			return typ, 0, err
		}
	default:
		return typ, 0, br.corrupt("bad block type")
	}
	if br.overrun() {
		return typ, 0, br.corrupt("input truncated")
	}
	return typ, end, nil
}

// readLens reads a pretree, then with it the new codeword lengths as
// changes to the previous ones, in place.
func (d *Decompressor) readLens(br *bitReader, lens []uint8) error {
	for i := range d.preLens {
		d.preLens[i] = uint8(br.read(4))
	}
	if !buildTable(d.preTable[:], d.preLens[:], preBits, maxPreLen, d.sorted[:]) {
		return br.corrupt("bad pretree")
	}
	for i := 0; i < len(lens); {
		// A run needs at most two pretree codewords and 5 bits.
		if br.n < 48 {
			br.refill()
		}
		sym := br.decode(d.preTable[:], preBits)
		if sym < 17 {
			lens[i] = (lens[i] + 17 - uint8(sym)) % 17
			i++
			continue
		}
		var run int
		var l uint8
		switch sym {
		case 17:
			run = 4 + int(br.read(4))
		case 18:
			run = 20 + int(br.read(5))
		default:
			run = 4 + int(br.read(1))
			delta := br.decode(d.preTable[:], preBits)
			if delta > 17 {
				return br.corrupt("bad length run")
			}
			// Like wimlib, delta 17 leaves the length as it was.
			l = (lens[i] + 17 - uint8(delta)) % 17
		}
		if run > len(lens)-i {
			return br.corrupt("length run past the end of the code")
		}
		fill(lens[i:i+run], l)
		i += run
	}
	return nil
}

// copyBlock reads an uncompressed block: after its header the bitstream
// skips to the next 16-bit boundary (1 to 16 bits, never 0, as [MS-PATCH]
// says), then come R0, R1, R2 as 32-bit little-endian values, the bytes,
// and a pad byte if their count is odd. The bitstream resumes after that.
// wimlib's decoder instead drops all bits it has buffered, which is the
// same unless it holds a whole unit more; its compressor never writes these
// blocks.
func (d *Decompressor) copyBlock(br *bitReader, dst []byte) error {
	if br.overrun() {
		return br.corrupt("input truncated")
	}
	at := (br.consumed()/16 + 1) * 2
	src := br.src
	if len(src)-at < 12+len(dst) {
		return br.corrupt("uncompressed block truncated")
	}
	for i := range d.r {
		d.r[i] = binary.LittleEndian.Uint32(src[at+4*i:])
		if d.r[i] == 0 {
			return br.corrupt("zero recent offset")
		}
	}
	at += 12
	at += copy(dst, src[at:])
	// wimlib accepts a chunk that ends without the last pad byte.
	if len(dst)&1 != 0 && at < len(src) {
		at++
	}
	br.pos, br.bits, br.n = at, 0, 0
	return nil
}

// undoE8 turns the absolute targets that compression stored for x86 CALL
// (0xE8) instructions back into relative ones. Positions count from the
// chunk's start.
func undoE8(b []byte) {
	if len(b) <= e8Tail {
		return
	}
	limit := len(b) - e8Tail
	for i := 0; i < limit; {
		j := bytes.IndexByte(b[i:limit], 0xe8)
		if j < 0 {
			return
		}
		i += j
		t := b[i+1 : i+5]
		abs := int32(binary.LittleEndian.Uint32(t))
		if abs >= 0 {
			if abs < e8FileSize {
				binary.LittleEndian.PutUint32(t, uint32(abs-int32(i)))
			}
		} else if abs >= -int32(i) {
			binary.LittleEndian.PutUint32(t, uint32(abs+e8FileSize))
		}
		// The 4 target bytes are never the start of another call.
		i += 5
	}
}
