//go:build js && wasm

package jsbridge

import (
	"sync"
	"syscall/js"
	"time"
)

// yielder lets long work pause for the worker's event loop. Go on js/wasm
// runs on the worker's one thread and hands it back only when every
// goroutine is blocked. Reading the file does that, but hashing or
// decompressing what is already read does not, so without pauses a cancel
// message, or a request to list a folder, would wait until a verify of a
// cached solid chunk finished. A MessageChannel round trip is the shortest
// pause JS offers (setTimeout, which time.Sleep uses, is clamped to 4 ms).
type yielder struct {
	port js.Value

	mu      sync.Mutex
	last    time.Time
	waiting []chan struct{} // one per paused goroutine, woken in order
}

// yieldEvery is how long work runs between pauses.
const yieldEvery = 20 * time.Millisecond

func newYielder() *yielder {
	y := &yielder{last: time.Now()}
	ch := js.Global().Get("MessageChannel").New()
	// Each message wakes one goroutine; the handler must not block.
	ch.Get("port1").Set("onmessage", js.FuncOf(func(js.Value, []js.Value) any {
		y.mu.Lock()
		w := y.waiting[0]
		y.waiting = y.waiting[1:]
		y.mu.Unlock()
		close(w)
		return nil
	}))
	y.port = ch.Get("port2")
	return y
}

// maybe pauses when the work has run for yieldEvery since the last pause.
func (y *yielder) maybe() {
	y.mu.Lock()
	if time.Since(y.last) < yieldEvery {
		y.mu.Unlock()
		return
	}
	y.mu.Unlock()
	y.pause()
}

// pause lets the event loop run once.
func (y *yielder) pause() {
	y.mu.Lock()
	y.last = time.Now()
	w := make(chan struct{})
	y.waiting = append(y.waiting, w)
	y.mu.Unlock()
	y.port.Call("postMessage", nil)
	<-w
}
