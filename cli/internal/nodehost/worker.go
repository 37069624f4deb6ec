//go:build js && wasm

package nodehost

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

// Worker is this program running in a Node worker thread.
type Worker struct {
	w     js.Value
	reply chan reply
	// Counter is shared with the worker, which finds it with
	// WorkerData.
	Counter Counter
}

// Counter is a number two threads take turns from.
type Counter struct{ a js.Value } // an Int32Array on a SharedArrayBuffer

// Next returns the counter's number and adds one to it.
func (c Counter) Next() int {
	return js.Global().Get("Atomics").Call("add", c.a, 0, 1).Int()
}

// StartWorker runs this program again in a Node worker thread, which
// finds data with WorkerData. ok is false when the host is not Node,
// or when this is a worker already.
func StartWorker(data string) (w *Worker, ok bool) {
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
	w = &Worker{w: wt.Get("Worker").New(workerMain, opts), reply: make(chan reply, 1), Counter: counter}
	// The listeners go on now: the message may come before Receive, and
	// Node would end the program on an error nobody listened for.
	settle := func(r reply) {
		select {
		case w.reply <- r:
		default: // the first word stands
		}
	}
	on := func(event string, f func(arg js.Value) reply) {
		w.w.Call("once", event, js.FuncOf(func(_ js.Value, args []js.Value) any {
			settle(f(args[0]))
			return nil
		}))
	}
	on("message", func(msg js.Value) reply { return reply{msg: msg} })
	on("error", func(err js.Value) reply { return reply{err: errors.New(err.Call("toString").String())} })
	on("exit", func(code js.Value) reply {
		return reply{err: fmt.Errorf("the worker exited with status %d", code.Int())}
	})
	return w, true
}

// reply is the worker's one message, or why none came.
type reply struct {
	msg js.Value
	err error
}

// Receive waits for the worker's message.
func (w *Worker) Receive() (string, error) {
	r := <-w.reply
	if r.err != nil {
		return "", r.err
	}
	if r.msg.Type() != js.TypeString {
		return "", errors.New("the worker sent no string")
	}
	return r.msg.String(), nil
}

// Stop ends the worker.
func (w *Worker) Stop() { w.w.Call("terminate") }

// WorkerData is the data and counter StartWorker gave this
// program, when it runs in a worker thread.
func WorkerData() (string, Counter, bool) {
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
