package export

import "sync"

// blocks holds a content on its way into a zip in pooled blocks of
// blockSize. A bytes.Buffer grows by doubling: a content of a few MiB
// left up to twice that as garbage, and with the buffers the heap grew by
// a third of the tree's size while /usr/share was zipped.
type blocks struct {
	list []*[blockSize]byte
	n    int
}

const blockSize = 64 << 10

var blockPool = sync.Pool{New: func() any { return new([blockSize]byte) }}

func (b *blocks) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if b.n == len(b.list)*blockSize {
			b.list = append(b.list, blockPool.Get().(*[blockSize]byte))
		}
		c := copy(b.list[len(b.list)-1][b.n%blockSize:], p)
		p = p[c:]
		b.n += c
	}
	return n, nil
}

func (b *blocks) Len() int { return b.n }

// parts is the content, block by block.
func (b *blocks) parts() [][]byte {
	ps := make([][]byte, len(b.list))
	for i, blk := range b.list {
		ps[i] = blk[:min(blockSize, b.n-i*blockSize)]
	}
	return ps
}

// release gives the blocks back to the pool and empties b.
func (b *blocks) release() {
	for i, blk := range b.list {
		blockPool.Put(blk)
		b.list[i] = nil
	}
	b.list, b.n = b.list[:0], 0
}
