//go:build js && wasm

package jsbridge

import (
	"embed"
	"io/fs"
	"runtime"
	"sync/atomic"
	"syscall/js"

	"github.com/wimlens/wimlens/wasm/api"
	"github.com/wimlens/wimlens/wasm/blobcache"
)

// warmup holds one small image (3,000 entries) captured by wimlib-imagex
// with each codec; warmup/make.sh writes them.
//
//go:embed warmup/*.wim
var warmup embed.FS

// warmPasses is how many times each warm-up WIM is opened: in Chromium
// here, opening a 100k-entry image took about 0.8 s with none, 0.6 s after
// one pass and 0.5 s after three.
const warmPasses = 3

// warmUp opens and parses each warm-up WIM the way a picked file is, while
// the page is idle, then tells the script (wimlensWarm). The JS engine
// compiles wasm functions on their first call and optimizes them only once
// they have run a while, so the first file would otherwise run cold code.
// It pauses for the event loop between files and stops once a request
// comes: a person who picks a file at once waits for one small file at most.
func warmUp(y *yielder, requested *atomic.Bool) {
	names, _ := fs.Glob(warmup, "warmup/*.wim")
	for range warmPasses {
		for _, name := range names {
			if y.pause(); requested.Load() {
				return
			}
			b, err := warmup.ReadFile(name)
			if err != nil {
				continue
			}
			fetch := func(p []byte, off int64) error { copy(p, b[off:]); return nil }
			s := api.NewServer(SHA1())
			if _, err := s.Open([]api.Part{{Name: name, R: blobcache.New(fetch, int64(len(b)), readChunk, cachedChunks)}}); err == nil {
				// The image's top, then the whole, as the page asks for them.
				s.Preload()
				_, _ = s.Handle(api.Request{Op: "settled", Image: 1}, nil)
			}
		}
	}
	// Its garbage goes now, while nothing waits.
	runtime.GC()
	if !requested.Load() {
		js.Global().Call("wimlensWarm")
	}
}
