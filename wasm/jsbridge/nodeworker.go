//go:build js && wasm

package jsbridge

import (
	"errors"
	"fmt"
	"syscall/js"
)

// Go on js/wasm runs on one thread. Under Node, the program can run again
// in a worker thread, a second engine on the second core; the two share
// no memory and talk in strings.

// workerMain runs Go's own wasm_exec_node.js in the worker, as the
// command line that started this program did, so the worker's program is
// this one.
const workerMain = `const { workerData } = require("node:worker_threads");
process.argv = workerData.argv;
require(workerData.argv[1]);`

// NodeWorker is this program running in a Node worker thread.
type NodeWorker struct {
	w     js.Value
	reply js.Value // a promise of the worker's one message
	// Counter is shared with the worker, which finds it with
	// NodeWorkerData.
	Counter Counter
}

// Counter is a number two threads take turns from.
type Counter struct{ a js.Value } // an Int32Array on a SharedArrayBuffer

// Next returns the counter's number and adds one to it.
func (c Counter) Next() int {
	return js.Global().Get("Atomics").Call("add", c.a, 0, 1).Int()
}

// StartNodeWorker runs this program again in a Node worker thread, which
// finds data with NodeWorkerData. ok is false when the host is not Node,
// or when this is a worker already.
func StartNodeWorker(data string) (w *NodeWorker, ok bool) {
	wt := nodeModule("worker_threads")
	if wt.IsUndefined() || !wt.Get("isMainThread").Bool() {
		return nil, false
	}
	argv := js.Global().Get("process").Get("argv")
	if argv.Length() < 3 {
		return nil, false
	}
	obj := js.Global().Get("Object")
	wd := obj.New()
	wd.Set("argv", argv.Call("slice", 0, 3)) // node, wasm_exec_node.js, the wasm
	wd.Set("wimlens", data)
	counter := Counter{js.Global().Get("Int32Array").New(js.Global().Get("SharedArrayBuffer").New(4))}
	wd.Set("counter", counter.a)
	opts := obj.New()
	opts.Set("eval", true)
	opts.Set("workerData", wd)
	w = &NodeWorker{w: wt.Get("Worker").New(workerMain, opts), Counter: counter}
	// The listeners go on now: the message may come before Receive.
	var executor js.Func
	executor = js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve, reject := args[0], args[1]
		w.w.Call("once", "message", resolve)
		w.w.Call("once", "error", reject)
		w.w.Call("once", "exit", js.FuncOf(func(_ js.Value, args []js.Value) any {
			reject.Invoke(fmt.Sprintf("the worker exited with status %d", args[0].Int()))
			return nil
		}))
		executor.Release()
		return nil
	})
	w.reply = js.Global().Get("Promise").New(executor)
	// Handled now, so that Node does not end the program when the worker
	// fails before Receive is called.
	w.reply.Call("catch", js.FuncOf(func(js.Value, []js.Value) any { return nil }))
	return w, true
}

// Receive waits for the worker's message.
func (w *NodeWorker) Receive() (string, error) {
	v, err := await(w.reply)
	if err != nil {
		return "", err
	}
	if v.Type() != js.TypeString {
		return "", errors.New("the worker sent no string")
	}
	return v.String(), nil
}

// Stop ends the worker.
func (w *NodeWorker) Stop() { w.w.Call("terminate") }

// NodeWorkerData is the data and counter StartNodeWorker gave this
// program, when it runs in a worker thread.
func NodeWorkerData() (string, Counter, bool) {
	wt := nodeModule("worker_threads")
	if wt.IsUndefined() || wt.Get("isMainThread").Bool() {
		return "", Counter{}, false
	}
	d := wt.Get("workerData")
	if d.Type() != js.TypeObject || d.Get("wimlens").Type() != js.TypeString {
		return "", Counter{}, false
	}
	return d.Get("wimlens").String(), Counter{d.Get("counter")}, true
}

// PostToParent sends msg to the thread that started this worker.
func PostToParent(msg string) {
	nodeModule("worker_threads").Get("parentPort").Call("postMessage", msg)
}
