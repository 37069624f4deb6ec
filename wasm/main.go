//go:build js && wasm

// Command wasm is wimlens' engine in the browser: it runs in a dedicated Web
// Worker (web/src/worker.ts) and answers the page's requests about the WIM
// files it was given, reading them in place through the File API.
package main

import (
	"runtime/debug"

	"github.com/wimlens/wimlens/wasm/api"
	"github.com/wimlens/wimlens/wasm/jsbridge"
)

func main() {
	// Parsing an image allocates a small object per entry, and on js/wasm
	// the collector shares the one thread: collecting less often opens a
	// 150k-entry image about 15% sooner. The limit keeps a tab's memory
	// bounded all the same.
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(1 << 30)
	jsbridge.Serve(api.NewServer())
}
