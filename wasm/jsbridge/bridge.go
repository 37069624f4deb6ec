//go:build js && wasm

// Package jsbridge is the only place that touches syscall/js: it carries
// requests from the worker's script to api.Server and posts the answers
// back, and reads the page's Files. The worker script (web/src/worker.ts)
// defines the functions called here; the names are the contract.
package jsbridge

import (
	"encoding/json"
	"fmt"
	"sync/atomic"
	"syscall/js"
	"time"

	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/wasm/api"
	"github.com/wimlens/wimlens/wasm/blobcache"
)

// Reads from Files go in aligned chunks of readChunk bytes, keeping up to
// cachedChunks of them per file. Chromium reads a File at about 60 MB/s
// in 1 MiB slices and twice that in 4 MiB ones.
const (
	readChunk    = 4 << 20
	cachedChunks = 8
)

// Serve installs the request handler, tells the script it is ready, and
// never returns: the worker lives as long as the page.
func Serve(s *api.Server) {
	setUpMemory()
	y := newYielder()
	var requested atomic.Bool
	handle := js.FuncOf(func(_ js.Value, args []js.Value) any {
		requested.Store(true)
		var req api.Request
		if err := json.Unmarshal([]byte(args[0].String()), &req); err != nil {
			reply(req.ID, nil, err, s.Stats())
			return nil
		}
		files := args[1]
		// A verify engine's shard counter comes as a function of the
		// script's (see web/src/worker.ts).
		if len(args) > 2 && args[2].Type() == js.TypeFunction {
			claim := args[2]
			req.Claim = func() int { return claim.Invoke().Int() }
		}
		// Requests run in goroutines: a handler that blocked here would
		// stop the worker from receiving anything, cancels included.
		go func() {
			var res any
			var err error
			// A bug met on a hostile file fails the request, not the
			// worker: a panic would end the Go program for good.
			defer func() {
				if r := recover(); r != nil {
					reply(req.ID, nil, fmt.Errorf("internal error: %v", r), s.Stats())
				}
			}()
			if heavyOps[req.Op] {
				defer pauseGC()()
			}
			switch req.Op {
			case "open":
				res, err = s.Open(parts(files))
			case "openSecond":
				res, err = s.OpenSecond(parts(files))
			default:
				req.Files = parts(files)
				res, err = s.Handle(req, &outbox{id: req.ID, y: y})
			}
			reply(req.ID, res, err, s.Stats())
			if req.Op == "open" && err == nil {
				defer pauseGC()()
				s.Preload()
			}
		}()
		return nil
	})
	js.Global().Set("wimlensHandle", handle)
	js.Global().Call("wimlensReady")
	go warmUp(y, &requested)
	select {}
}

// parts wraps the page's Files as cached readers.
func parts(files js.Value) []api.Part {
	out := make([]api.Part, files.Length())
	for i := range out {
		f := files.Index(i)
		r := blobcache.New(fileFetch(f), int64(f.Get("size").Float()), readChunk, cachedChunks)
		// The File is read on the browser's threads while the engine
		// decodes: a 1 GiB download waited 6 s for its reads.
		r.SetReadahead(true)
		out[i] = api.Part{Name: f.Get("name").String(), R: r}
	}
	return out
}

// reply posts a result or an error, with the read counts so far, as JSON
// the script parses before posting it on: one string crosses into JS
// rather than thousands of property sets.
func reply(id int64, res any, err error, stats view.ReadStats) {
	env := view.Envelope{Result: res, Stats: stats}
	if err != nil {
		env.Error = view.DescribeError(err)
	}
	b, merr := json.Marshal(env)
	if merr != nil {
		b, _ = json.Marshal(view.Envelope{Error: view.DescribeError(merr), Stats: stats})
	}
	js.Global().Call("wimlensReply", id, string(b))
}

// outbox posts one request's progress and chunks.
type outbox struct {
	id       int64
	y        *yielder
	lastTick time.Time
}

// progressEvery spaces progress messages: a verify of many small blobs
// would otherwise post one per blob.
const progressEvery = 50 * time.Millisecond

// Progress also pauses long work for the event loop now and then: work
// that reports progress is work long enough to want cancelling.
func (o *outbox) Progress(done, total int64) {
	o.y.maybe()
	if now := time.Now(); done >= total || now.Sub(o.lastTick) >= progressEvery {
		o.lastTick = now
		js.Global().Call("wimlensProgress", o.id, done, total)
	}
}

// Chunk posts p, and waits when the worker script says too much is in
// flight (see web/src/worker.ts). The script gives the array to copy into:
// one it had back, where it can.
func (o *outbox) Chunk(p []byte) {
	u8 := js.Global().Call("wimlensBuffer", len(p))
	js.CopyBytesToJS(u8, p)
	if wait := js.Global().Call("wimlensChunk", o.id, u8); wait.Truthy() {
		await(wait)
	}
}
