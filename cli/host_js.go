//go:build js && wasm

package main

import (
	"io"
	"os"

	"github.com/wimlens/wimlens/wasm/jsbridge"
)

// Built for js/wasm, the CLI runs under Node (bench/wasm-node.sh). Go's
// SHA-1 is portable code there: hash with Node's, as the browser engine
// hashes with WebCrypto. Go's os package waits for the event loop on every
// read and write: the archive's files and stdout use Node's synchronous
// calls instead.
func init() { jsbridge.InstallSHA1() }

func openFile(name string) (partFile, error) {
	if f, ok, err := jsbridge.OpenNodeFile(name); ok {
		if err != nil {
			return nil, err
		}
		return f, nil
	}
	return openOS(name)
}

func stdout() io.Writer {
	if w, ok := jsbridge.NodeWriter(1); ok {
		return w
	}
	return os.Stdout
}
