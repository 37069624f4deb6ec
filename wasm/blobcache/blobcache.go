// Package blobcache turns a slow, sliceable byte source — a browser File,
// whose every read is a round trip to another thread — into an io.ReaderAt that reads aligned
// chunks, keeps the recent ones, and counts what it read. The core asks for
// many small pieces (headers, blob table entries, chunk tables); reading
// whole aligned chunks turns those into few source reads, and the cache
// bound means a multi-gigabyte file is never held in memory.
package blobcache

import (
	"container/list"
	"fmt"
	"io"
	"sync"
)

// Fetch reads exactly len(p) bytes of the source at off.
type Fetch func(p []byte, off int64) error

// Stats counts what a Reader asked of its source.
type Stats struct {
	BytesRead int64 // bytes fetched from the source
	Reads     int64 // source reads
	Hits      int64 // chunks served from the cache
}

// Reader is an io.ReaderAt over a source of a known size.
type Reader struct {
	fetch     Fetch
	size      int64
	chunkSize int64
	maxChunks int

	mu        sync.Mutex
	lru       *list.List // of *chunk, most recent first
	byIdx     map[int64]*list.Element
	stats     Stats
	inflight  map[int64]*fetching // chunks being fetched
	lastMiss  int64               // the last chunk a read missed
	readahead bool
}

// fetching is a chunk on its way from the source.
type fetching struct {
	idx  int64
	done chan struct{} // closed once data or err is set
	data []byte
	err  error
}

type chunk struct {
	idx  int64
	data []byte
}

// New reads size bytes through fetch in chunks of chunkSize, keeping up to
// maxChunks of them.
func New(fetch Fetch, size, chunkSize int64, maxChunks int) *Reader {
	return &Reader{fetch: fetch, size: size, chunkSize: chunkSize, maxChunks: maxChunks,
		lru: list.New(), byIdx: map[int64]*list.Element{}, inflight: map[int64]*fetching{}, lastMiss: -2}
}

// SetReadahead makes a read that misses the chunk after the last one
// missed also fetch the next, in the background: a file read in order (a
// download, a verify) then waits less for a source whose reads take long
// but run elsewhere, as a browser File's do.
func (r *Reader) SetReadahead(on bool) {
	r.mu.Lock()
	r.readahead = on
	r.mu.Unlock()
}

// Size is the source's size.
func (r *Reader) Size() int64 { return r.size }

// Stats returns the counts so far.
func (r *Reader) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stats
}

// ReadAt implements io.ReaderAt. The chunks wholly covered by p are
// fetched straight into p, in one source read, and not cached: such reads
// are big and sequential (the blob table, metadata, verification), each
// source read has a fixed cost, and caching them would only evict the
// small pieces worth keeping.
func (r *Reader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("blobcache: negative offset %d", off)
	}
	if off >= r.size {
		return 0, io.EOF
	}
	want := p[:min(int64(len(p)), r.size-off)]
	for done := int64(0); done < int64(len(want)); {
		pos := off + done
		idx := pos / r.chunkSize
		start := idx * r.chunkSize
		dst := want[done:]
		if whole := r.wholeChunks(pos, int64(len(dst))); whole > 0 {
			if err := r.read(dst[:whole], pos); err != nil {
				return int(done), err
			}
			done += whole
			continue
		}
		c, err := r.chunk(idx)
		if err != nil {
			return int(done), err
		}
		done += int64(copy(dst, c[pos-start:]))
	}
	if len(want) < len(p) {
		return len(want), io.EOF
	}
	return len(p), nil
}

// wholeChunks is how many bytes from pos, a read of n bytes covers in whole
// chunks not already cached; 0 unless pos starts a chunk.
func (r *Reader) wholeChunks(pos, n int64) int64 {
	if pos%r.chunkSize != 0 {
		return 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var whole int64
	for at := pos; at < r.size; at += r.chunkSize {
		end := min(at+r.chunkSize, r.size)
		if end-pos > n {
			break
		}
		if _, cached := r.byIdx[at/r.chunkSize]; cached {
			break
		}
		whole = end - pos
	}
	return whole
}

// read fetches from the source and counts it.
func (r *Reader) read(p []byte, off int64) error {
	if err := r.fetch(p, off); err != nil {
		return err
	}
	r.mu.Lock()
	r.stats.BytesRead += int64(len(p))
	r.stats.Reads++
	r.mu.Unlock()
	return nil
}

// chunk returns chunk idx of the source, from the cache, a fetch under
// way, or the source.
func (r *Reader) chunk(idx int64) ([]byte, error) {
	r.mu.Lock()
	if e, ok := r.byIdx[idx]; ok {
		r.lru.MoveToFront(e)
		r.stats.Hits++
		r.mu.Unlock()
		return e.Value.(*chunk).data, nil
	}
	f, theirs := r.inflight[idx]
	if !theirs {
		f = r.start(idx)
	}
	if next := idx + 1; r.readahead && idx == r.lastMiss+1 && next*r.chunkSize < r.size {
		if _, ok := r.byIdx[next]; !ok && r.inflight[next] == nil {
			go r.fill(r.start(next))
		}
	}
	r.lastMiss = idx
	r.mu.Unlock()
	if !theirs {
		r.fill(f)
	}
	<-f.done
	return f.data, f.err
}

// start records that chunk idx is being fetched; r.mu is held.
func (r *Reader) start(idx int64) *fetching {
	f := &fetching{idx: idx, done: make(chan struct{})}
	r.inflight[idx] = f
	return f
}

// fill fetches f's chunk and caches it.
func (r *Reader) fill(f *fetching) {
	start := f.idx * r.chunkSize
	data := make([]byte, min(start+r.chunkSize, r.size)-start)
	err := r.read(data, start)
	r.mu.Lock()
	delete(r.inflight, f.idx)
	if err == nil {
		r.byIdx[f.idx] = r.lru.PushFront(&chunk{f.idx, data})
		for r.lru.Len() > r.maxChunks {
			old := r.lru.Remove(r.lru.Back()).(*chunk)
			delete(r.byIdx, old.idx)
		}
	}
	r.mu.Unlock()
	if err == nil {
		f.data = data
	}
	f.err = err
	close(f.done)
}
