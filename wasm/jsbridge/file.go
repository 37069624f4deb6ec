//go:build js && wasm

package jsbridge

import (
	"errors"
	"fmt"
	"syscall/js"

	"github.com/wimlens/wimlens/wasm/blobcache"
)

// fileFetch reads a slice of a File (or Blob) through the worker script,
// which has it read on a thread of its own (web/src/reader.ts): only that
// slice leaves the disk. The read is asynchronous, and the goroutine waits
// for it; that hands the worker's thread back to the event loop on every
// read, so requests and cancels get in between. (FileReaderSync would fit
// io.ReaderAt as well, but in Chromium it reads at half the speed.) The
// array read into goes back to the script once copied, to be reused.
func fileFetch(file js.Value) blobcache.Fetch {
	return func(p []byte, off int64) error {
		got, err := await(js.Global().Call("wimlensRead", file, off, off+int64(len(p))))
		if err != nil {
			return fmt.Errorf("reading the file failed (was it changed or moved?): %w", err)
		}
		if n := got.Length(); n != len(p) {
			return fmt.Errorf("read %d bytes at offset %d, wanted %d (was the file changed?)", n, off, len(p))
		}
		js.CopyBytesToGo(p, got)
		js.Global().Call("wimlensReadDone", got)
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
