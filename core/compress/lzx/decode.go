package lzx

import "encoding/binary"

// loopOnly turns decodeItems off, for tests that compare it with
// decodeBlock's loop alone.
var loopOnly = false

// decodeBlock decodes the literals and matches of a verbatim or aligned
// block into dst[out:end]. The bit reader lives in locals for the loop,
// with bitReader.refill's fast path written out, and goes back to br at the
// end. The recent offsets and the block's slot tables stay in d, which
// leaves fewer values for the compiler to keep in registers. On amd64 and
// js/wasm, decodeItems decodes all but the block's last few items first.
func (d *Decompressor) decodeBlock(br *bitReader, dst []byte, out, end int, aligned bool) error {
	d.extra, d.alignedFrom = &verbatimExtra, maxSlots
	if aligned {
		d.extra, d.alignedFrom = &alignedExtra, firstAlignedSlot
	}
	blk := dst[:end]
	if !loopOnly {
		var ok bool
		if out, ok = decodeItems(d, br, blk, out); !ok {
			return br.corrupt("match outside the output")
		}
	}
	src := br.src
	bits, n, pos := br.bits, br.n, br.pos

	for out < len(blk) {
		// 49 bits cover a main and a length codeword and 17 extra bits.
		// Away from the end of src every item refills, which leaves at
		// least 49: cheaper than a branch on whether it must, which the
		// CPU mispredicts often. n may be 64 (an empty code consumes
		// nothing), for which the shift must give 0.
		if pos+8 <= len(src) {
			bits |= swapUnits(binary.LittleEndian.Uint64(src[pos:])) >> n
			t := (64 - n) &^ 15 // whole units that fit
			pos += int(t >> 3)
			n += t
		} else if n < 49 {
			br.bits, br.n, br.pos = bits, n, pos
			br.refillTail()
			bits, n, pos = br.bits, br.n, br.pos
		}

		e := uint(d.mainTable[bits>>(64-mainBits)])
		if e >= 1<<(mainBits+4) {
			bits <<= mainBits
			n -= mainBits
			e = uint(d.mainTable[e>>4+uint(bits>>((64-e&15)&63))])
		}
		bits <<= e & 15
		n -= e & 15
		if e < numChars<<4 {
			blk[out] = byte(e >> 4)
			out++
			continue
		}
		sym := e>>4 - numChars

		length := int(sym%numLenHeaders) + minMatch
		if length == numLenHeaders-1+minMatch {
			e := uint(d.lenTable[bits>>(64-lenBits)])
			if e >= 1<<(lenBits+4) {
				bits <<= lenBits
				n -= lenBits
				e = uint(d.lenTable[e>>4+uint(bits>>((64-e&15)&63))])
			}
			bits <<= e & 15
			n -= e & 15
			length += int(e >> 4)
		}

		var off uint32
		switch slot := sym / numLenHeaders; slot {
		case 0:
			off = d.r[0]
		case 1:
			off, d.r[1] = d.r[1], d.r[0]
		case 2:
			off, d.r[2] = d.r[2], d.r[0]
		default:
			slot &= 63
			eb := uint(d.extra[slot])
			v := uint32(bits >> 32 >> ((32 - eb) & 63))
			bits <<= eb
			n -= eb
			if slot >= d.alignedFrom {
				// Main, length and extra bits may have used 46.
				if n < alignedBits {
					br.bits, br.n, br.pos = bits, n, pos
					br.refill()
					bits, n, pos = br.bits, br.n, br.pos
				}
				a := d.alignedTable[bits>>(64-alignedBits)]
				k := uint(a & 15)
				bits <<= k
				n -= k
				v = v<<3 | uint32(a>>4)
			}
			off = slotBase[slot] + v
			d.r[1], d.r[2] = d.r[0], d.r[1]
		}
		d.r[0] = off

		// off must be in [1, out]; a zero offset wraps and fails too.
		if uint(off)-1 >= uint(out) || length > len(blk)-out {
			br.bits, br.n, br.pos = bits, n, pos
			return br.corrupt("match outside the output")
		}
		s := out - int(off)
		switch {
		case off >= 8 && out+16 <= len(blk) && length <= 16:
			// Two word copies, maybe past the match: later output
			// overwrites the excess.
			to, from := blk[out:out+16], blk[s:s+16]
			binary.LittleEndian.PutUint64(to, binary.LittleEndian.Uint64(from))
			binary.LittleEndian.PutUint64(to[8:], binary.LittleEndian.Uint64(from[8:]))
		case int(off) >= length:
			copy(blk[out:out+length], blk[s:])
		default:
			// Overlapping: the copied span repeats with period off,
			// so each copy can double.
			for i, e := out, out+length; i < e; {
				i += copy(blk[i:e], blk[s:i])
			}
		}
		out += length
	}

	br.bits, br.n, br.pos = bits, n, pos
	return nil
}
