//go:build js && wasm

package main

import "github.com/wimlens/wimlens/wasm/jsbridge"

// Built for js/wasm (bench/wasm-node.sh runs the CLI under Node), Go's
// SHA-1 is portable code; hash large blobs with WebCrypto
// (globalThis.crypto.subtle, in Node since v19) as the browser engine does.
func init() { jsbridge.InstallSHA1() }
