package meta

import "encoding/binary"

// parseSecurity reads the security table at the start of a metadata
// resource: total length (4), count (4), one 8-byte size per descriptor,
// then the descriptors. It returns the descriptors and where the root
// directory entry starts (the length rounded up to 8).
func parseSecurity(buf []byte) ([][]byte, int64, error) {
	if len(buf) < 8 {
		return nil, 0, malformed(ErrSecurityTable, "security table", 0, "metadata is only %d bytes", len(buf))
	}
	total := align8(uint64(binary.LittleEndian.Uint32(buf)))
	n := uint64(binary.LittleEndian.Uint32(buf[4:]))
	if total == 0 { // wimlib: a zero length means just the 8-byte header
		total = 8
	}
	fail := func(format string, args ...any) ([][]byte, int64, error) {
		return nil, 0, malformed(ErrSecurityTable, "security table", 0, format, args...)
	}
	if total > uint64(len(buf)) {
		return fail("length %d exceeds the %d-byte metadata", total, len(buf))
	}
	if 8+n*8 > total {
		return fail("%d descriptor sizes do not fit in its %d bytes", n, total)
	}
	descs := make([][]byte, n)
	p := 8 + n*8
	for i := range descs {
		sz := binary.LittleEndian.Uint64(buf[8+8*i:])
		if sz > total-p {
			return fail("descriptor %d of %d bytes runs past the table's %d bytes", i, sz, total)
		}
		descs[i] = buf[p : p+sz : p+sz]
		p += sz
	}
	return descs, int64(total), nil
}

func align8(v uint64) uint64 { return (v + 7) &^ 7 }
