package wim

import (
	"sync"

	"github.com/wimlens/wimlens/core/compress"
	"github.com/wimlens/wimlens/core/compress/lzms"
	"github.com/wimlens/wimlens/core/compress/lzx"
	"github.com/wimlens/wimlens/core/compress/xpress"
)

// decoderKey selects a decoder: LZX's tables depend on the window (chunk)
// size, so decoders are pooled per format and chunk size.
type decoderKey struct {
	c         Compression
	chunkSize int64
}

type decoderPools struct {
	mu    sync.Mutex
	pools map[decoderKey]*sync.Pool
}

func (d *decoderPools) pool(c Compression, chunkSize int64) *sync.Pool {
	d.mu.Lock()
	defer d.mu.Unlock()
	k := decoderKey{c, chunkSize}
	p, ok := d.pools[k]
	if !ok {
		if d.pools == nil {
			d.pools = map[decoderKey]*sync.Pool{}
		}
		p = &sync.Pool{}
		d.pools[k] = p
	}
	return p
}

func newDecoder(c Compression, chunkSize int64) (compress.Decompressor, error) {
	switch c {
	case XPRESS:
		return xpress.NewDecompressor(), nil
	case LZX:
		return lzx.NewDecompressor(int(chunkSize))
	case LZMS:
		return lzms.NewDecompressor(), nil
	}
	return nil, bad(ErrUnsupported, 0, -1, "", "compression format %d", uint32(c))
}

func (a *Archive) decoder(c Compression, chunkSize int64) (compress.Decompressor, error) {
	if d, ok := a.decoders.pool(c, chunkSize).Get().(compress.Decompressor); ok {
		return d, nil
	}
	return newDecoder(c, chunkSize)
}

func (a *Archive) putDecoder(c Compression, chunkSize int64, d compress.Decompressor) {
	a.decoders.pool(c, chunkSize).Put(d)
}
