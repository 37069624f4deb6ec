package meta

import (
	"encoding/binary"
	"io"
)

// ParseTop reads what a first look at an image needs — its root and the
// root's children, each with its own children counted — from a metadata
// resource of size uncompressed bytes that r serves at random, reading
// only the parts it needs: the security table, the root's entry and
// children list, and each child's children list. On a Windows-sized image
// that is a few dozen of its hundreds of chunks, where Parse needs all.
//
// It reads by Parse's rules, and flags the entries it returns by those
// that these entries alone can tell: names, duplicates, children of a
// non-directory, a children list the root or an earlier sibling already
// listed, security IDs and missing blobs. Only Parse can tell the rest,
// which needs the whole tree: a children list listed first deeper in an
// earlier folder, hard-link groups, nesting depth, and whether the rest of
// the resource parses at all. The Image holds only those entries: its
// counts, anomalies and walks are not the image's.
func ParseTop(r io.ReaderAt, size int64, blobs Blobs) (*Image, error) {
	p := &pager{r: r, buf: make([]byte, size), have: make([]bool, (size+pageSize-1)/pageSize)}
	// The security table's own length says how much of it to read.
	if err := p.fill(0, 8); err != nil {
		return nil, err
	}
	if size >= 8 {
		if err := p.fill(0, int64(align8(uint64(binary.LittleEndian.Uint32(p.buf))))); err != nil {
			return nil, err
		}
	}
	b := builder{buf: p.buf, seen: map[int64]bool{}}
	b.arena.pager = p
	if err := b.readRootEntry(blobs); err != nil {
		return nil, err
	}
	root := b.img.Root
	if err := b.readDir(root, 0); err != nil {
		return nil, err
	}
	for _, c := range root.children {
		if err := b.readDir(c, 1); err != nil {
			return nil, err
		}
	}
	for _, f := range b.all { // the root and its children
		b.img.checkFile(f)
	}
	return b.img, nil
}

// pageSize is how much of the resource a pager reads at least at once.
const pageSize = 32 << 10

// pager fills a metadata resource's buffer from its source as it is read,
// a page at a time, so that reading the top of a tree decompresses only
// the chunks that hold it.
type pager struct {
	r    io.ReaderAt
	buf  []byte
	have []bool // by page
}

// fill reads the missing pages of the n bytes at off (clipped to the
// buffer), each run of them in one read.
func (p *pager) fill(off, n int64) error {
	end := min(off+n, int64(len(p.buf)))
	for pg := max(off, 0) / pageSize; pg*pageSize < end; pg++ {
		if p.have[pg] {
			continue
		}
		last := pg + 1
		for last*pageSize < end && !p.have[last] {
			last++
		}
		from, to := pg*pageSize, min(last*pageSize, int64(len(p.buf)))
		if k, err := p.r.ReadAt(p.buf[from:to], from); k < int(to-from) {
			if err == nil || err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		for ; pg < last; pg++ {
			p.have[pg] = true
		}
		pg--
	}
	return nil
}

// fillError is a pager's failure to read, passed through the entry
// readers as is: it is the resource's fault, not the entry's.
type fillError struct{ err error }

func (e *fillError) Error() string { return e.err.Error() }
func (e *fillError) Unwrap() error { return e.err }
