// Package lzms decodes LZMS, the compression of solid WIM resources (ESD
// files) and an option for ordinary WIM chunks.
//
// LZMS has no public specification; this follows what wimlib's decoder
// (lzms_decompress.c) accepts. A chunk holds two streams in 16-bit
// little-endian units: a range-coded stream read forward from the start picks
// each item's kind (literal, LZ match, delta match, explicit or repeated
// source), and a stream read backward from the end holds the Huffman-coded
// literals, slots and verbatim extra bits. Probabilities and Huffman codes
// adapt as decoding goes, and an x86 address filter is undone at the end.
package lzms

import (
	"encoding/binary"
	"io"

	"github.com/wimlens/wimlens/core/compress"
	"github.com/wimlens/wimlens/core/compress/internal/le"
)

// maxChunk is the largest chunk LZMS is used with (wimlib's limit; Windows
// itself seems to stop at 64 MiB).
const maxChunk = 1 << 30

// Decompressor decodes LZMS chunks. Its tables are allocated once and reused;
// it is not safe for concurrent use.
type Decompressor struct {
	probs probs

	// The adaptive Huffman codes; offsets have one code per match kind,
	// LZ then delta.
	literal, length, deltaPower huffCode
	offset                      [2]huffCode
	build                       builder

	st   state   // the item loop's, shared with decodeItems
	in   windows // where the two streams are read from
	pad  [8]byte // chunks under 8 bytes, padded
	seen x86Seen // for the x86 filter

	// DecompressAt's caller's, told of the output's progress every
	// writtenStep bytes or so, at rebuilds: reported is the last position
	// told.
	written  func(int)
	reported int
}

// writtenStep is how far apart the positions told to written are, at
// least: often enough to pace a 64 MiB chunk's memory, rarely enough to
// cost nothing.
const writtenStep = 256 << 10

// tell calls d.written, if any, with pos when it has come writtenStep
// past the last position told.
func (d *Decompressor) tell(pos int) {
	if d.written != nil && pos-d.reported >= writtenStep {
		d.reported = pos
		d.written(pos)
	}
}

var _ compress.Decompressor = (*Decompressor)(nil)

// NewDecompressor returns a Decompressor with all its tables allocated.
func NewDecompressor() *Decompressor {
	d := new(Decompressor)
	d.literal = newHuffCode(numLiteralSyms, literalTableSize, literalTableBits, literalRebuild)
	d.length = newHuffCode(numLengthSyms, lengthTableSize, lengthTableBits, lengthRebuild)
	d.deltaPower = newHuffCode(numDeltaPowerSyms, deltaPowerTableSize, deltaPowerTableBits, deltaPowerRebuild)
	for k := range d.offset {
		d.offset[k] = newHuffCode(maxOffsetSyms, offsetTableSize, offsetTableBits, offsetRebuild)
	}
	return d
}

func corrupt(off int, reason string) error {
	return compress.Corrupt("lzms", off, reason)
}

// Decompress decodes the LZMS chunk src into dst, which must have exactly the
// chunk's uncompressed size.
//
// LZMS marks no end, so a chunk decoded into a wrong size, or a damaged one,
// is caught only when it asks for an impossible match or for more bits than
// src holds; otherwise it yields wrong bytes, which the container's hashes
// catch.
func (d *Decompressor) Decompress(dst, src []byte) error {
	if err := checkSizes(len(dst), len(src)); err != nil {
		return err
	}
	d.reset(len(dst))

	// The bit reader loads 8 bytes at a time; a shorter chunk is read from
	// a zero-padded copy, which changes nothing: the range decoder reads
	// zeros past the end anyway, and the bit reader starts from the real
	// end.
	in := src
	if len(src) < 8 {
		d.pad = [8]byte{}
		in = d.pad[:]
		copy(in, src)
	}
	d.in.whole(in)
	if err := d.decode(dst, len(src)); err != nil {
		return err
	}
	undoX86(dst, &d.seen)
	return nil
}

// decompressAt is Decompress for the n-byte chunk at off in r, read as
// decoding goes: a solid resource's 64 MiB chunks are stored in tens of
// MiB, which two decoders at once would otherwise each hold whole.
func (d *Decompressor) decompressAt(dst []byte, r io.ReaderAt, off int64, n int) error {
	if n < 2*windowSize {
		src := d.in.buffer()[:n]
		if err := readAt(r, src, off); err != nil {
			return err
		}
		return d.Decompress(dst, src)
	}
	if err := checkSizes(len(dst), n); err != nil {
		return err
	}
	d.reset(len(dst))
	if err := d.in.open(r, off, n); err != nil {
		return err
	}
	err := d.decode(dst, n)
	if d.in.readErr != nil {
		// What decoding made of the windows a failed read left is
		// no matter.
		return d.in.readErr
	}
	if err != nil {
		return err
	}
	undoX86(dst, &d.seen)
	return nil
}

// checkSizes refuses a chunk of n bytes to decode into m before
// decoding: both streams are made of 16-bit units and the range decoder
// starts with two of them.
func checkSizes(m, n int) error {
	switch {
	case n < 4:
		return corrupt(0, "chunk shorter than 4 bytes")
	case n%2 != 0:
		return corrupt(n-1, "odd chunk length")
	case m > maxChunk:
		return corrupt(0, "uncompressed size over 1 GiB")
	}
	return nil
}

// reset starts the probabilities and codes over for a chunk of n bytes.
func (d *Decompressor) reset(n int) {
	d.probs.reset()
	nOffsets := numOffsetSlots(n)
	d.literal.reset(&d.build, numLiteralSyms)
	d.length.reset(&d.build, numLengthSyms)
	d.offset[0].reset(&d.build, nOffsets)
	d.offset[1].reset(&d.build, nOffsets)
	d.deltaPower.reset(&d.build, numDeltaPowerSyms)
}

// state is the item loop's state: what decodeItems leaves for decode's
// loop to go on from.
type state struct {
	// Range decoder.
	rng, code uint32
	rpos      int

	// Bit reader.
	bits uint64
	used uint
	boff int

	pos int // in the output

	// Decision states: the last bits decoded in each class.
	mainSt, matchSt uint32
	kindSt          [2]uint32    // explicit or repeat, per match kind
	repSt           [2][2]uint32 // which repeat, per kind and decision

	// Per match kind, recently used LZ offsets or delta (power<<32 | raw
	// offset) pairs, most recent first. A source enters the front one item
	// late: while the item just decoded is a match of that kind, its source
	// sits at [0] but repeat indexes skip it, hence the fourth slot.
	reps      [2][4]uint64
	prevMatch uint32 // the previous item: 0 literal, 1 LZ, 2 delta
}

// What decodeItems stopped at.
const (
	itemsLeft    = iota // the last items, for decode's loop
	itemsRebuild        // a code due for a rebuild
	// A corrupt match, with state just past it; the rest index
	// matchErrors.
	itemsPastEnd
	itemsBeforeStart
	itemsDeltaBeforeStart
)

var matchErrors = [...]string{
	itemsPastEnd:          "match runs past the end of the chunk",
	itemsBeforeStart:      "match offset before the start of the chunk",
	itemsDeltaBeforeStart: "delta match reaches before the start of the chunk",
}

// loopOnly turns decodeItems off, for tests that compare it with decode's
// loop alone.
var loopOnly = false

// decode runs the item loop until dst is full, reading the n-byte chunk
// through d.in. On amd64 and js/wasm, decodeItems decodes all but the
// chunk's last few items first, stopping for each rebuild of a code (and
// on amd64 at each window's edge).
func (d *Decompressor) decode(dst []byte, n int) error {
	fwd, bwd := d.in.fwd, d.in.bwd
	st := &d.st
	*st = state{
		rng:  0xffffffff,
		code: uint32(binary.LittleEndian.Uint16(fwd))<<16 | uint32(binary.LittleEndian.Uint16(fwd[2:])),
		rpos: 4,
		reps: [2][4]uint64{{1, 2, 3, 4}, {1, 2, 3, 4}},
	}
	st.bits, st.used, st.boff = refill(bwd, 64, n-d.in.bb)
	for !loopOnly && (d.in.r == nil || itemsInWindows) {
		stop := decodeItems(d, dst, fwd)
		if stop == itemsRebuild {
			d.rebuildDue()
			d.tell(st.pos)
			continue
		}
		if stop != itemsLeft {
			return corrupt(errPos(st.used, d.in.bb+st.boff), matchErrors[stop])
		}
		// Stopped at the end or at a window's edge: slide the window
		// and go on, or leave the last items to the loop below, with
		// its room (see windows).
		if st.rpos <= d.in.fwdLim && st.boff >= d.in.bwdLim {
			break
		}
		st.rpos, st.boff = d.in.slide(st.rpos, st.boff)
		fwd, bwd = d.in.fwd, d.in.bwd
	}

	p := &d.probs
	var (
		rng, code, rpos     = st.rng, st.code, st.rpos
		bits, used, boff    = st.bits, st.used, st.boff
		pos                 = st.pos
		mainSt, matchSt     = st.mainSt, st.matchSt
		kindSt, repSt, reps = st.kindSt, st.repSt, st.reps
		prevMatch           = st.prevMatch
		bit                 uint32
	)
	for pos < len(dst) {
		// Past the start of the chunk the bit reader reads zeros; stop
		// as soon as it has used any.
		if boff < 0 && bitsLeft(used, boff) < 0 {
			break
		}
		rng, code, rpos = normalize(rng, code, fwd, rpos)
		rng, code, bit = decodeBit(rng, code, &p.main[mainSt])
		mainSt = (mainSt<<1 | bit) % numMainProbs
		if bit == 0 {
			bits, used, boff = refill(bwd, used, boff)
			sym, k := decodeSym(d.literal.table, literalTableBits, bits)
			bits <<= k
			used += k
			if d.literal.count(sym) {
				d.literal.rebuild(&d.build)
				d.tell(pos)
				// Windows slide here, out of the items' way (see
				// windows), and after the length code's rebuilds.
				if rpos > d.in.fwdLim || boff < d.in.bwdLim {
					rpos, boff = d.in.slide(rpos, boff)
					fwd, bwd = d.in.fwd, d.in.bwd
				}
			}
			dst[pos] = byte(sym)
			pos++
			prevMatch = 0
			continue
		}

		// A match: LZ (kind 0) or delta (kind 1). Both kinds take the same
		// steps with their own probabilities, codes and queue.
		rng, code, rpos = normalize(rng, code, fwd, rpos)
		rng, code, bit = decodeBit(rng, code, &p.match[matchSt])
		matchSt = (matchSt<<1 | bit) % numMatchProbs
		kind := bit
		late := 0 // whether the kind's last source is still pending
		if prevMatch == kind+1 {
			late = 1
		}
		prevMatch = kind + 1

		rng, code, rpos = normalize(rng, code, fwd, rpos)
		rng, code, bit = decodeBit(rng, code, &p.kind[kind][kindSt[kind]])
		kindSt[kind] = (kindSt[kind]<<1 | bit) % numOtherProbs
		q := &reps[kind]
		var src uint64 // offset, or power<<32 | raw offset
		if bit == 0 {
			// Explicit: a delta match's power, then the offset's slot
			// and extra bits.
			if kind != 0 {
				bits, used, boff = refill(bwd, used, boff)
				sym, k := decodeSym(d.deltaPower.table, deltaPowerTableBits, bits)
				bits <<= k
				used += k
				if d.deltaPower.count(sym) {
					d.deltaPower.rebuild(&d.build)
				}
				src = uint64(sym) << 32
			}
			bits, used, boff = refill(bwd, used, boff)
			c := &d.offset[kind]
			sym, k := decodeSym(c.table, offsetTableBits, bits)
			bits <<= k
			used += k
			if c.count(sym) {
				c.rebuild(&d.build)
			}
			s := &offsetSlots[sym]
			src |= uint64(s.base + take(bits, uint(s.extra)))
			bits <<= s.extra
			used += uint(s.extra)
			q[3], q[2], q[1] = q[2], q[1], q[0]
		} else {
			// Repeat: up to two more decisions pick one of three, then
			// it moves to the front.
			i := 0
			for i < 2 {
				rng, code, rpos = normalize(rng, code, fwd, rpos)
				rng, code, bit = decodeBit(rng, code, &p.rep[kind][i][repSt[kind][i]])
				repSt[kind][i] = (repSt[kind][i]<<1 | bit) % numOtherProbs
				if bit == 0 {
					break
				}
				i++
			}
			i += late
			src = q[i]
			for ; i > 0; i-- {
				q[i] = q[i-1]
			}
		}
		q[0] = src

		bits, used, boff = refill(bwd, used, boff)
		sym, k := decodeSym(d.length.table, lengthTableBits, bits)
		bits <<= k
		used += k
		if d.length.count(sym) {
			d.length.rebuild(&d.build)
			if rpos > d.in.fwdLim || boff < d.in.bwdLim {
				rpos, boff = d.in.slide(rpos, boff)
				fwd, bwd = d.in.fwd, d.in.bwd
			}
		}
		s := &lengthSlots[sym]
		length := uint64(s.base + take(bits, uint(s.extra)))
		bits <<= s.extra
		used += uint(s.extra)

		if length > uint64(len(dst)-pos) {
			return corrupt(errPos(used, d.in.bb+boff), matchErrors[itemsPastEnd])
		}
		if kind == 0 {
			if src > uint64(pos) {
				return corrupt(errPos(used, d.in.bb+boff), matchErrors[itemsBeforeStart])
			}
			off, end := int(src), pos+int(length)
			if length <= 16 && off >= 8 && end+8 <= len(dst) {
				// Most matches are short: copy two words, maybe some
				// bytes too many, which later items overwrite. Words
				// at least off apart never overlap.
				w0 := le.Uint64(dst[pos-off:])
				le.PutUint64(dst[pos:], w0)
				if length > 8 {
					w1 := le.Uint64(dst[pos-off+8:])
					le.PutUint64(dst[pos+8:], w1)
				}
				pos = end
				continue
			}
			pos = copyMatch(dst, pos, off, int(length))
			continue
		}
		power := src >> 32 // < 8
		span := uint64(1) << power
		off := uint64(uint32(src)) << power
		if off+span > uint64(pos) {
			return corrupt(errPos(used, d.in.bb+boff), matchErrors[itemsDeltaBeforeStart])
		}
		pos = deltaMatch(dst, pos, int(off), int(span), int(length))
	}
	if bitsLeft(used, boff) < 0 {
		return corrupt(0, "more bits needed than the chunk holds")
	}
	return nil
}

// rebuildDue rebuilds the codes whose countdowns decodeItems ran out.
// Each item decodes at most one symbol with each code, so none was used
// again before its rebuild.
func (d *Decompressor) rebuildDue() {
	for _, c := range [...]*huffCode{&d.literal, &d.length, &d.deltaPower, &d.offset[0], &d.offset[1]} {
		if c.untilNext == 0 {
			c.rebuild(&d.build)
		}
	}
}

// errPos turns the bit reader's position into an input offset for errors.
func errPos(used uint, off int) int {
	return int(max(bitsLeft(used, off)/8, 0))
}

// copyMatch copies length bytes from off back, byte by byte in effect: an
// overlapping source repeats the last off bytes. It returns the new pos.
func copyMatch(dst []byte, pos, off, length int) int {
	end := pos + length
	from := pos - off
	switch {
	case off >= length:
		copy(dst[pos:end], dst[from:])
	case length <= 16:
		for ; pos < end; pos++ {
			dst[pos] = dst[pos-off]
		}
	default:
		// Each copy doubles the repeated span, which stays a whole
		// number of periods.
		for pos < end {
			pos += copy(dst[pos:end], dst[from:pos])
		}
	}
	return end
}

// deltaMatch writes length bytes, each the byte off back plus the change
// between the bytes span before each of those two.
func deltaMatch(dst []byte, pos, off, span, length int) int {
	end := pos + length
	for ; pos < end; pos++ {
		dst[pos] = dst[pos-off] + dst[pos-span] - dst[pos-off-span]
	}
	return end
}
