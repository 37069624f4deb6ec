package wim

import (
	"container/list"
	"sync"
)

// chunkCache keeps recently decompressed chunks, bounded in bytes, so that
// small reads (many blobs in one solid chunk, a hex view paging through a
// file) do not decompress the same chunk again.
type chunkCache struct {
	mu    sync.Mutex
	limit int64
	used  int64
	lru   *list.List // of *cachedChunk, most recent first
	byKey map[chunkKey]*list.Element
}

type chunkKey struct {
	r *resource
	i int64
}

type cachedChunk struct {
	key  chunkKey
	data []byte
}

func newChunkCache(limit int64) *chunkCache {
	return &chunkCache{limit: limit, lru: list.New(), byKey: map[chunkKey]*list.Element{}}
}

// get returns chunk i of r, calling fill to decode it on a miss. Concurrent
// misses on one chunk may both decode it; that costs time, never correctness.
func (c *chunkCache) get(r *resource, i int64, fill func([]byte) error) ([]byte, error) {
	k := chunkKey{r, i}
	c.mu.Lock()
	if e, ok := c.byKey[k]; ok {
		c.lru.MoveToFront(e)
		c.mu.Unlock()
		return e.Value.(*cachedChunk).data, nil
	}
	c.mu.Unlock()
	data := make([]byte, r.chunkLen(i))
	if err := fill(data); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[k]; !ok {
		c.byKey[k] = c.lru.PushFront(&cachedChunk{k, data})
		c.used += int64(len(data))
		// Keep at least the newest chunk even when it alone exceeds the
		// limit: a solid chunk can be 64 MiB.
		for c.used > c.limit && c.lru.Len() > 1 {
			old := c.lru.Remove(c.lru.Back()).(*cachedChunk)
			delete(c.byKey, old.key)
			c.used -= int64(len(old.data))
		}
	}
	return data, nil
}
