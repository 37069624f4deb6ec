//go:build js && wasm

package main

import "errors"

// runServe in the js/wasm build (bench/wasm-node.sh runs the CLI under
// Node): there is no listener to serve from, and leaving net/http and the
// embedded site out keeps this build to the browser engine's size, so its
// start-up is measured like the page's.
func runServe(*env, []string) error {
	return errors.New("serve is not available in the js/wasm build; use the native wimlens")
}
