//go:build js && wasm

package main

import (
	"context"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"

	"github.com/wimlens/wimlens/core/digest"

	"github.com/wimlens/wimlens/cli/internal/nodehost"
)

// Built for js/wasm, the CLI runs under Node (bench/wasm-node.sh). Go's
// SHA-1 is portable code there: hash with Node's, as the browser engine
// hashes with WebCrypto. Go's os package waits for the event loop on every
// call: the archive's files, their stats, stdout and the terminal check
// use Node's synchronous calls instead. Only errors take os's way, to be
// worded as Go words them.
var nodeSHA1 = sync.OnceValue(func() digest.Hasher {
	h, _ := nodehost.SHA1()
	return h
})

func hostHasher() digest.Hasher { return nodeSHA1() }

func openFile(name string) (partFile, error) {
	if f, ok, err := nodehost.Open(name); ok {
		if err != nil {
			return nil, err
		}
		return f, nil
	}
	return openOS(name)
}

func fileIsTerminal(f *os.File) bool {
	if tty, ok := nodehost.IsTerminal(int(f.Fd())); ok {
		return tty
	}
	return statIsTerminal(f)
}

func statFile(name string) (fs.FileInfo, error) {
	if fi, ok := nodehost.Stat(name); ok {
		return fi, nil
	}
	return os.Stat(name)
}

func sameFile(a, b fs.FileInfo) bool {
	if x, ok := a.Sys().(nodehost.FileID); ok {
		y, ok := b.Sys().(nodehost.FileID)
		return ok && x == y
	}
	return os.SameFile(a, b)
}

func stdout() io.Writer {
	if w, ok := nodehost.Writer(1); ok {
		return w
	}
	return os.Stdout
}

// nodeHelper is a helper engine in a Node worker thread.
type nodeHelper struct{ w *nodehost.Worker }

// startShardHelper starts a helper engine verifying the archive that
// verify's arguments args name (see shard.go); nil when the host is not
// Node.
func startShardHelper(args []string) shardHelper {
	// Arguments hold no NUL: they came from a command line.
	w, ok := nodehost.StartWorker(strings.Join(args, "\x00"))
	if !ok {
		return nil
	}
	return nodeHelper{w}
}

func (h nodeHelper) claim() int { return h.w.Counter.Next() }

func (h nodeHelper) reports() (*helperReports, error) {
	msg, err := h.w.Receive()
	if err != nil {
		return nil, err
	}
	var r helperReports
	if err := r.UnmarshalText([]byte(msg)); err != nil {
		return nil, err
	}
	return &r, nil
}

func (h nodeHelper) stop() { h.w.Stop() }

// runHelper does a helper's job when this program is one, and reports
// whether it is: the reports go to the engine that started it, and a
// helper that fails exits without them.
func runHelper(ctx context.Context) (code int, ok bool) {
	job, counter, ok := nodehost.WorkerData()
	if !ok {
		return 0, false
	}
	out, err := runShards(ctx, strings.Split(job, "\x00"), counter.Next)
	if err != nil {
		return exitError, true
	}
	nodehost.PostToParent(string(out))
	return exitOK, true
}
