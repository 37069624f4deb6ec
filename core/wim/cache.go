package wim

import (
	"container/list"
	"errors"
	"sync"

	"github.com/wimlens/wimlens/core/compress"
)

// chunkCache keeps recently decompressed chunks, bounded in bytes, so that
// small reads (many blobs in one solid chunk, a hex view paging through a
// file) do not decompress the same chunk again. A chunk that fails to
// decode is kept too, as its error: otherwise every blob in a damaged
// solid chunk decodes it again up to the damage, which let a 90 KB file
// cost seconds.
type chunkCache struct {
	mu    sync.Mutex
	limit int64
	used  int64
	lru   *list.List // of *cachedChunk, most recent first
	byKey map[chunkKey]*list.Element
}

type chunkKey struct {
	r *Resource
	i int64
}

type cachedChunk struct {
	key  chunkKey
	data []byte
	err  error // why the chunk does not decode; data is nil then
}

// failedCost is what a kept error counts against the limit, so that errors
// are evicted like chunks.
const failedCost = 1 << 10

func newChunkCache(limit int64) *chunkCache {
	return &chunkCache{limit: limit, lru: list.New(), byKey: map[chunkKey]*list.Element{}}
}

// get returns chunk i of r, calling fill to decode it on a miss. Concurrent
// misses on one chunk may both decode it; that costs time, never correctness.
func (c *chunkCache) get(r *Resource, i int64, fill func([]byte) error) ([]byte, error) {
	k := chunkKey{r, i}
	c.mu.Lock()
	if e, ok := c.byKey[k]; ok {
		c.lru.MoveToFront(e)
		c.mu.Unlock()
		cc := e.Value.(*cachedChunk)
		return cc.data, cc.err
	}
	c.mu.Unlock()
	data := make([]byte, r.chunkLen(i))
	err := fill(data)
	if err != nil {
		// Only a decoding failure is the chunk's for good; a failed read
		// of the file may succeed when tried again.
		if !errors.Is(err, compress.ErrCorrupt) {
			return nil, err
		}
		data = nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[k]; !ok {
		c.byKey[k] = c.lru.PushFront(&cachedChunk{k, data, err})
		c.used += cost(data)
		// Keep at least the newest chunk even when it alone exceeds the
		// limit: a solid chunk can be 64 MiB.
		for c.used > c.limit && c.lru.Len() > 1 {
			old := c.lru.Remove(c.lru.Back()).(*cachedChunk)
			delete(c.byKey, old.key)
			c.used -= cost(old.data)
		}
	}
	return data, err
}

func cost(data []byte) int64 {
	if data == nil {
		return failedCost
	}
	return int64(len(data))
}
