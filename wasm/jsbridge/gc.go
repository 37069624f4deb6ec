//go:build js && wasm

package jsbridge

import (
	"runtime"
	"runtime/debug"
	"sync"
)

// gcPercent is the collector's setting between heavy requests. Parsing an
// image allocates a small object per entry, and on js/wasm the collector
// shares the one thread, so it runs less often than on the host; the
// memory limit keeps a tab's memory bounded all the same.
const (
	gcPercent   = 400
	memoryLimit = 1 << 30
)

// heavyOps build the structures a file is browsed with. The collector is
// paused while they run: what they allocate stays live, so collecting
// would find nothing to free, and marking the growing heap only slowed
// opening a 100k-entry image. memoryLimit still applies.
var heavyOps = map[string]bool{"open": true, "openSecond": true, "image": true, "settled": true}

var gcPause struct {
	sync.Mutex
	n int // heavy requests under way
}

// pauseGC pauses the collector until the returned function is called.
func pauseGC() (resume func()) {
	gcPause.Lock()
	if gcPause.n++; gcPause.n == 1 {
		debug.SetGCPercent(-1)
	}
	gcPause.Unlock()
	return func() {
		gcPause.Lock()
		if gcPause.n--; gcPause.n == 0 {
			debug.SetGCPercent(gcPercent)
		}
		gcPause.Unlock()
	}
}

// heapReserve is how far the heap grows, and is touched, before the first
// file comes. The Go runtime grows a wasm memory 4 MiB at a time, and each
// growth makes the JS engine replace the memory's ArrayBuffer and, under
// that external memory pressure, collect its own heap. And the first write
// to a fresh page is slow (page faults, about 5 ms per MiB on this 2-core
// VM): reading a 100k-entry blob table into untouched memory took 84 ms,
// into touched memory 12 ms. The cost is the reserve's memory from the
// start, which opening such an image needs anyway.
const heapReserve = 128 << 20

// setUpMemory applies the collector's settings, and grows and touches the heap.
func setUpMemory() {
	debug.SetGCPercent(gcPercent)
	debug.SetMemoryLimit(memoryLimit)
	b := make([]byte, heapReserve)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	b = nil
	runtime.GC()
}
