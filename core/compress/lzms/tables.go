package lzms

// Offset and length slots. A slot is a Huffman symbol standing for a base
// value plus a number of verbatim extra bits read after it. Each base is the
// previous base plus the range of the previous slot's extra bits, so the
// tables are built from the run lengths of the extra-bit counts (as in
// wimlib's lzms_common.c) rather than spelled out.

const (
	numLiteralSyms    = 256
	numLengthSyms     = 54
	numDeltaPowerSyms = 8
	maxOffsetSyms     = 799
)

// A run of slots sharing one count of extra bits.
type slotRun struct{ bits, slots uint8 }

var offsetSlotRuns = [...]slotRun{
	{0, 8}, {2, 9}, {3, 7}, {4, 10}, {5, 15}, {6, 15}, {7, 20}, {8, 20},
	{9, 30}, {10, 33}, {11, 40}, {12, 42}, {13, 45}, {14, 60}, {15, 73},
	{16, 80}, {17, 85}, {18, 95}, {19, 105}, {20, 6}, {30, 1},
}

var lengthSlotRuns = [...]slotRun{
	{0, 26}, {1, 4}, {2, 6}, {3, 4}, {4, 5}, {5, 2}, {6, 1}, {7, 1},
	{8, 1}, {9, 1}, {10, 1}, {16, 1}, {30, 1},
}

// slot holds a slot's base and extra-bit count together so that decoding
// a slot touches one table entry.
type slot struct {
	base  uint32
	extra uint32
}

// Each table ends with one extra entry whose base is one past the last slot's
// range.
var (
	offsetSlots [maxOffsetSyms + 1]slot
	lengthSlots [numLengthSyms + 1]slot
)

func init() {
	fillSlots(offsetSlots[:], offsetSlotRuns[:])
	fillSlots(lengthSlots[:], lengthSlotRuns[:])
}

func fillSlots(tab []slot, runs []slotRun) {
	i, base := 0, uint32(1)
	for _, r := range runs {
		for range r.slots {
			tab[i] = slot{base, uint32(r.bits)}
			base += 1 << r.bits
			i++
		}
	}
	tab[i] = slot{base: base}
}

// numOffsetSlots is the size of the offset alphabets for a chunk of n bytes:
// enough slots to reach offset n-1 and no more.
func numOffsetSlots(n int) int {
	if n < 2 {
		return 0
	}
	v := uint32(n - 1)
	k := 0
	for k+1 < maxOffsetSyms && offsetSlots[k+1].base <= v {
		k++
	}
	return k + 1
}
