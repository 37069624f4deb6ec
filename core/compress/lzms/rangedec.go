package lzms

import "encoding/binary"

// Numbers of probability entries per binary decision class. An entry is
// picked by the last log2(n) bits decoded in that class, newest bit lowest.
const (
	numMainProbs  = 16
	numMatchProbs = 32
	numOtherProbs = 64
)

// prob is an adaptive probability: the chance, out of 64, that the next bit
// is 0 is the number of zeros among the last 64 bits coded with this entry.
type prob struct {
	recent uint64 // last 64 bits, newest lowest
	zeros  uint32 // zero bits in recent, kept to avoid a popcount per bit
}

// Every entry starts as if its last 64 bits had been 0x55555555: 48 zeros.
var initialProb = prob{recent: 0x0000000055555555, zeros: 48}

// The decision classes: literal or match; LZ or delta match; then per match
// kind (LZ, delta): explicit or repeated source, and two decisions picking
// one of three repeated sources.
type probs struct {
	main  [numMainProbs]prob
	match [numMatchProbs]prob
	kind  [2][numOtherProbs]prob
	rep   [2][2][numOtherProbs]prob
}

func (p *probs) reset() {
	reset := func(s []prob) {
		for i := range s {
			s[i] = initialProb
		}
	}
	reset(p.main[:])
	reset(p.match[:])
	for k := range p.kind {
		reset(p.kind[k][:])
		reset(p.rep[k][0][:])
		reset(p.rep[k][1][:])
	}
}

// The range decoder reads the forward stream: 16-bit little-endian units
// from the start of the chunk. Its state (rng, code, and pos, the next unit)
// lives in the decode loop's locals; the helpers take and return it by value
// so that they inline and it stays in registers.

// normalize keeps rng above 16 bits, shifting in the next unit. Past the end
// it shifts in zeros, as wimlib does: a decoder cannot tell where the forward
// stream stops and the backward one starts anyway.
func normalize(rng, code uint32, in []byte, pos int) (uint32, uint32, int) {
	if rng < 1<<16 {
		rng <<= 16
		code <<= 16
		if pos+2 <= len(in) {
			code |= uint32(binary.LittleEndian.Uint16(in[pos:]))
			pos += 2
		}
	}
	return rng, code, pos
}

// decodeBit decodes one binary decision with entry p, which it updates. rng
// must be normalized.
func decodeBit(rng, code uint32, p *prob) (uint32, uint32, uint32) {
	// 0 and 64 zeros would mean certainty, which the coder cannot express;
	// they are clamped to 1 and 63 without branches.
	pr := p.zeros
	pr += (pr - 1) >> 31
	pr -= pr >> 6
	bound := (rng >> 6) * pr
	old := uint32(p.recent >> 63)
	if code < bound {
		p.zeros += old
		p.recent <<= 1
		return bound, code, 0
	}
	p.zeros += old - 1
	p.recent = p.recent<<1 | 1
	return rng - bound, code - bound, 1
}
