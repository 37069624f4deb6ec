package lzms

import (
	"io"
	"math"
)

// windowSize is how much of a chunk each stream's window holds when the
// chunk is read as decoding goes (decompressAt). Even; a variable for
// tests, which make it small to slide often.
var windowSize = 256 << 10

// How far a window's reader may be from its edge when the window slides.
// Windows slide only after the literal or the length code is rebuilt
// (every 1,024 literals and 512 matches), rather than at every item,
// where a check cost the item loop 7 %: every item decodes a literal or a
// length, so at most 1,535 items pass between slides, and an item reads
// at most 12 bytes forward and 14 back (a delta match's power, offset and
// length, with their extra bits), plus the bit reader's 8-byte load.
const (
	fwdRoom = 1535*12 + 2
	bwdRoom = 1535*14 + 8
)

// windows are what the two streams read: the whole chunk for both, or
// for a chunk read through an io.ReaderAt, a window of it for each, slid
// along as decoding goes. After each rebuild of the literal or length
// code the item loop slides a window whose reader is past its limit
// (rpos beyond fwdLim, the bit reader's offset below bwdLim); within the
// room the limits leave, the items until the next such rebuild cannot
// leave the windows. A window that reaches its stream's end (the chunk's
// end, forward; its start, backward) never slides.
type windows struct {
	fwd, bwd       []byte
	bb             int // the chunk offset of bwd[0] (fwd's is never needed)
	fwdLim, bwdLim int

	// Reading through r: the chunk's n bytes at off.
	r       io.ReaderAt
	off     int64
	n       int
	fb      int    // the chunk offset of fwd[0]
	buf     []byte // room for both windows
	readErr error
}

// whole makes both windows the chunk in.
func (w *windows) whole(in []byte) {
	w.r = nil
	w.fwd, w.bwd, w.bb = in, in, 0
	w.fwdLim, w.bwdLim = math.MaxInt, math.MinInt
}

// open starts reading the n-byte chunk at off in r, n >= 2*windowSize.
func (w *windows) open(r io.ReaderAt, off int64, n int) error {
	w.buffer()
	w.r, w.off, w.n, w.readErr = r, off, n, nil
	w.readFwd(0)
	w.readBwd(n)
	return w.readErr
}

// buffer returns the room for both windows, 2*windowSize bytes, made on
// first use; a chunk smaller than that is read into it whole.
func (w *windows) buffer() []byte {
	if cap(w.buf) < 2*windowSize {
		w.buf = make([]byte, 2*windowSize)
	}
	return w.buf[:2*windowSize]
}

// slide moves the windows that the positions rpos (in fwd) and boff (in
// bwd) have come too near the edge of, and returns the positions in the
// new windows. A read that fails is kept in readErr, and the windows
// stop sliding: decoding goes on over what they hold, bounded by the
// chunk's size as ever, and its result is dropped for the error.
func (w *windows) slide(rpos, boff int) (int, int) {
	if rpos > w.fwdLim {
		w.readFwd(w.fb + rpos)
		rpos = 0
	}
	if boff < w.bwdLim {
		end := w.bb + boff + 8
		w.readBwd(end)
		boff = end - 8 - w.bb
	}
	if w.readErr != nil {
		w.fwdLim, w.bwdLim = math.MaxInt, math.MinInt
	}
	return rpos, boff
}

// readFwd makes fwd the window from chunk offset from.
func (w *windows) readFwd(from int) {
	end := min(from+windowSize, w.n)
	w.fwd, w.fb = w.buf[:end-from], from
	w.fwdLim = len(w.fwd) - fwdRoom
	if end == w.n {
		w.fwdLim = math.MaxInt
	}
	w.read(w.fwd, from)
}

// readBwd makes bwd the window ending at chunk offset end. Offsets stay
// even: the backward stream is read in 16-bit units from the chunk's
// (even) end.
func (w *windows) readBwd(end int) {
	from := max(end-windowSize, 0)
	w.bwd, w.bb = w.buf[windowSize:][:end-from], from
	w.bwdLim = bwdRoom
	if from == 0 {
		w.bwdLim = math.MinInt
	}
	w.read(w.bwd, from)
}

// read fills p from chunk offset from, keeping the first error.
func (w *windows) read(p []byte, from int) {
	if err := readAt(w.r, p, w.off+int64(from)); err != nil && w.readErr == nil {
		w.readErr = err
	}
}

// readAt fills p from r at off; the caller has checked that the range
// lies within r.
func readAt(r io.ReaderAt, p []byte, off int64) error {
	if _, err := r.ReadAt(p, off); err != nil && err != io.EOF {
		return err
	}
	return nil
}
