//go:build js && wasm

// Command wasm is wimlens' engine in the browser: it runs in a dedicated Web
// Worker (web/src/worker.ts) and answers the page's requests about the WIM
// files it was given, reading them in place through the File API.
package main

import (
	"github.com/wimlens/wimlens/wasm/api"
	"github.com/wimlens/wimlens/wasm/jsbridge"
)

func main() {
	jsbridge.Serve(api.NewServer(jsbridge.SHA1()))
}
