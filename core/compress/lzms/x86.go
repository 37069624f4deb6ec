package lzms

import (
	"encoding/binary"
	"math"
	"math/bits"

	"github.com/wimlens/wimlens/core/compress/internal/le"
)

// The encoder turns the 32-bit relative addresses of some x86 instructions
// into absolute ones (position + displacement), which repeat more and so
// compress better; the decoder subtracts the position again. The filter runs
// on every chunk and guesses where code is: it translates only within a
// window after the last place that looked like code, and a place looks like
// code when an instruction there targets the same address (low 16 bits) as
// one seen at most x86IDWindow bytes before. This is wimlib's
// lzms_x86_filter with undo set.

const (
	x86IDWindow       = 65535
	x86MaxTranslation = 1023
)

// x86Seen is the filter's memory of targets: for each 16-bit target, the
// last byte of the last instruction aiming at it, plus base+x86IDWindow+1.
// A value at most base plus the current position means "long ago". Each
// chunk raises base past every value stored so far rather than clearing
// the table: clearing 256 KiB costs a fair part of filtering a 128 KiB
// chunk of text.
type x86Seen struct {
	last [65536]int32
	base int32
}

// undoX86 reverses the filter in place.
func undoX86(data []byte, seen *x86Seen) {
	// No instruction starting in the last 16 bytes is translated, nor the
	// first byte, whatever it is.
	if len(data) <= 17 {
		return
	}
	if int64(seen.base)+int64(len(data))+x86IDWindow+1 > math.MaxInt32 {
		*seen = x86Seen{}
	}
	base := int(seen.base)
	seen.base += int32(len(data) + x86IDWindow + 1)
	lastX86 := -x86MaxTranslation - 1
	end := len(data) - 16
	p := 1
	if !loopOnly {
		p, lastX86 = undoX86Loop(data, &seen.last, base, p, lastX86)
	}
	for p < end {
		// Skip to the next byte that can start a translated instruction,
		// 8 at a time: p+8 <= end+7 < len(data).
		m := opcodeBytes(le.Uint64(data[p:]))
		if m == 0 {
			p += 8
			continue
		}
		if p += bits.TrailingZeros64(m) >> 3; p >= end {
			break
		}
		var n, maxTrans int // opcode bytes, reach of the translation window
		switch op := data[p]; {
		case op == 0xFF:
			if data[p+1] == 0x15 { // call [rip+disp32]
				n, maxTrans = 2, x86MaxTranslation
			}
		case op == 0xF0:
			if data[p+1] == 0x83 && data[p+2] == 0x05 { // lock add [rip+disp32], imm8
				n, maxTrans = 3, x86MaxTranslation
			}
		case op <= 0x4C:
			// REX.W then LEA or MOV with a ModR/M that wimlib (and so
			// presumably Windows) takes as RIP-relative by its R/M field
			// alone.
			m := data[p+2]
			if m&0x07 == 0x05 && (data[p+1] == 0x8D || data[p+1] == 0x8B && op&0x04 == 0 && m&0xF0 == 0) {
				n, maxTrans = 3, x86MaxTranslation
			}
		case op == 0xE8: // call rel32: common, so demands more evidence
			n, maxTrans = 1, x86MaxTranslation/2
		default: // 0xE9, jmp rel32: never translated, but its operand skipped
			p += 5
			continue
		}
		if n == 0 {
			p++
			continue
		}
		at := p + n
		if p-lastX86 <= maxTrans {
			v := binary.LittleEndian.Uint32(data[at:])
			binary.LittleEndian.PutUint32(data[at:], v-uint32(p))
		}
		target := uint16(p) + binary.LittleEndian.Uint16(data[at:])
		last := p + n + 3 // the instruction's last byte
		if int(seen.last[target]) > base+last {
			lastX86 = last
		}
		seen.last[target] = int32(base + last + x86IDWindow + 1)
		p = at + 4
	}
}

// opcodeBytes flags, with the top bit of each byte, the bytes of w that can
// start a translated instruction: 0x48 and 0x4C (REX.W prefixes, for LEA
// and MOV), 0xE8 (call), 0xE9 (jmp), 0xF0 (lock prefix) and 0xFF (call
// indirect). Bytes above the lowest flagged one may be flagged wrongly.
func opcodeBytes(w uint64) uint64 {
	const (
		ones = 0x0101010101010101
		tops = 0x8080808080808080
	)
	zero := func(x uint64) uint64 { return (x - ones) &^ x & tops }
	return zero(w&(0xFB*ones)^(0x48*ones)) | zero(w&(0xFE*ones)^(0xE8*ones)) |
		zero(w^(0xF0*ones)) | zero(^w)
}
