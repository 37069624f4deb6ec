package wim

import (
	"context"
	"encoding/binary"
	"io"
	"strings"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/inputerr"
)

// integrityCovered is the byte count an integrity table hashes: from the end
// of the header to the end of the blob table.
func integrityCovered(h *Header) int64 {
	end := int64(h.BlobTable.Offset + h.BlobTable.StoredSize)
	return max(end-HeaderSize, 0)
}

// checkIntegrity checks one part against its integrity table: a 12-byte
// header (size, entry count, chunk size) and one SHA-1 per chunk; of the
// chunks, only run k of n.
func (a *Archive) checkIntegrity(ctx context.Context, p *part, hasher digest.Hasher, tick func(int64), k, shards int) error {
	rh := p.hdr.Integrity
	fail := func(format string, args ...any) error {
		return malformed(p.number, int64(rh.Offset), "integrity table", format, args...)
	}
	covered := integrityCovered(p.hdr)
	switch {
	case rh.Flags&(ResCompressed|ResSolid) != 0:
		return fail("flagged %s, but an integrity table is stored as it is", strings.Join(rh.Flags.Names(), "|"))
	case rh.OriginalSize < 12:
		return fail("%d bytes at offset %d cannot hold an integrity table's 12-byte header", rh.OriginalSize, rh.Offset)
	case p.hdr.BlobTable.Offset+p.hdr.BlobTable.StoredSize < HeaderSize:
		return fail("the blob table, which it covers to its end, ends inside the header")
	}
	table := make([]byte, rh.OriginalSize) // bounded by the file size in readHeader
	if err := p.readFull(table, int64(rh.Offset), "integrity table"); err != nil {
		return err
	}
	le := binary.LittleEndian
	size, n, chunk := le.Uint32(table), uint64(le.Uint32(table[4:])), uint64(le.Uint32(table[8:]))
	if uint64(size) != rh.OriginalSize || uint64(size) != n*digest.Size+12 || chunk == 0 ||
		n != (uint64(covered)+chunk-1)/chunk {
		return fail("size %d, %d entries of %d-byte chunks do not cover %d bytes", size, n, chunk, covered)
	}
	first, end := n*uint64(k)/uint64(shards), n*uint64(k+1)/uint64(shards)
	r := io.NewSectionReader(p.r, HeaderSize+int64(first*chunk), covered-int64(min(first*chunk, uint64(covered))))
	buf := make([]byte, min(chunk, 1<<20))
	for i := first; i < end; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		h := hasher.New()
		want := min(chunk, uint64(covered)-i*chunk)
		for got := uint64(0); got < want; {
			m := min(uint64(len(buf)), want-got)
			if _, err := io.ReadFull(r, buf[:m]); err != nil {
				return &inputerr.Error{Part: p.number, Offset: HeaderSize + int64(i*chunk+got), Field: "integrity check", Err: err}
			}
			h.Write(buf[:m])
			got += m
			tick(int64(m))
		}
		var sum digest.SHA1
		h.Sum(sum[:0])
		if exp := digest.SHA1(table[12+i*digest.Size:]); sum != exp {
			return bad(ErrChecksum, p.number, HeaderSize+int64(i*chunk), "integrity check", "chunk %d of %d (bytes %d to %d) hashes to %s, table says %s",
				i, n, HeaderSize+i*chunk, HeaderSize+i*chunk+want, sum, exp)
		}
	}
	return nil
}
