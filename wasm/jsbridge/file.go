//go:build js && wasm

package jsbridge

import (
	"errors"
	"fmt"
	"syscall/js"

	"github.com/wimlens/wimlens/wasm/blobcache"
)

// fileFetch reads a slice of a File (or Blob) with Blob.arrayBuffer(): only
// that slice leaves the disk. The read is asynchronous, and the goroutine
// waits for it; that hands the worker's thread back to the event loop on
// every read, so requests and cancels get in between. (FileReaderSync would
// fit io.ReaderAt as well, but in Chromium it reads at half the speed.)
func fileFetch(file js.Value) blobcache.Fetch {
	uint8Array := js.Global().Get("Uint8Array")
	return func(p []byte, off int64) error {
		buf, err := await(file.Call("slice", off, off+int64(len(p))).Call("arrayBuffer"))
		if err != nil {
			return fmt.Errorf("reading the file failed (was it changed or moved?): %w", err)
		}
		got := uint8Array.New(buf)
		if n := got.Length(); n != len(p) {
			return fmt.Errorf("read %d bytes at offset %d, wanted %d (was the file changed?)", n, off, len(p))
		}
		js.CopyBytesToGo(p, got)
		return nil
	}
}

// await blocks the calling goroutine (never the event loop's) until the
// promise settles.
func await(promise js.Value) (js.Value, error) {
	done := make(chan struct{})
	var v js.Value
	var err error
	then := js.FuncOf(func(_ js.Value, args []js.Value) any {
		v = args[0]
		close(done)
		return nil
	})
	catch := js.FuncOf(func(_ js.Value, args []js.Value) any {
		err = errors.New(args[0].Call("toString").String())
		close(done)
		return nil
	})
	defer then.Release()
	defer catch.Release()
	promise.Call("then", then, catch)
	<-done
	return v, err
}
