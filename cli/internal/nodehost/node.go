//go:build js && wasm

// Package nodehost is the host of the CLI built for js/wasm, which runs
// under Node (bench/wasm-node.sh): Node's synchronous fs and tty calls,
// its SHA-1 (a digest.Hasher, with files that read and hash ranges
// themselves), and worker threads that run the program again as a helper
// engine. Only the CLI's js build imports it; the browser's engine
// (wasm/jsbridge) has no Node code.
package nodehost

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"sync"
	"syscall/js"
	"time"
	"unsafe"

	"github.com/wimlens/wimlens/core/digest"
)

// Node's synchronous fs calls, for the CLI built for js/wasm, which runs
// under Go's wasm_exec_node.js (it shares require). Go's os package on
// js/wasm goes through Node's callback API: each read or write waits for
// the event loop, about a millisecond apiece here, and reads into a fresh
// JavaScript buffer each time. These calls return at once and reuse one
// buffer.

// nodeModule is Node's module name, or undefined when the host is not
// Node.
func nodeModule(name string) js.Value {
	require := js.Global().Get("require")
	if require.Type() != js.TypeFunction {
		return js.Undefined()
	}
	return require.Invoke(name)
}

// nodeBufSize bounds each call's copy through a jsBuffer.
const nodeBufSize = 1 << 20

// jsBuffer is one JavaScript array that bytes pass through between Go and
// Node's calls, nodeBufSize at a time, instead of a new array per call.
type jsBuffer struct {
	mu  sync.Mutex // buf is shared; a goroutine switch can only come between calls
	buf js.Value
}

func newJSBuffer() jsBuffer {
	return jsBuffer{buf: js.Global().Get("Uint8Array").New(nodeBufSize)}
}

// view is the buffer's first n bytes.
func (j *jsBuffer) view(n int) js.Value {
	if n == nodeBufSize {
		return j.buf
	}
	return j.buf.Call("subarray", 0, n)
}

// feed copies p into the buffer a piece at a time, calling put with each
// piece's length; it stops at put's first error. The caller holds mu.
func (j *jsBuffer) feed(p []byte, put func(n int) error) (int, error) {
	done := 0
	for done < len(p) {
		n := js.CopyBytesToJS(j.buf, p[done:])
		if err := put(n); err != nil {
			return done, err
		}
		done += n
	}
	return done, nil
}

// nodeIO is one file descriptor and the buffer its calls go through.
type nodeIO struct {
	fs js.Value
	fd int
	jsBuffer
}

func newNodeIO(fs js.Value, fd int) *nodeIO {
	return &nodeIO{fs: fs, fd: fd, jsBuffer: newJSBuffer()}
}

// call runs fs.name(args...), turning a thrown JavaScript error into a Go
// error instead of a panic.
func (n *nodeIO) call(name string, args ...any) (v js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			if je, ok := r.(js.Error); ok {
				err = errors.New(je.Get("message").String())
				return
			}
			panic(r)
		}
	}()
	return n.fs.Call(name, args...), nil
}

// File is a file opened with Node's fs.openSync, read at offsets.
type File struct {
	io   *nodeIO
	name string
}

// Open opens name for reading with Node's synchronous calls; ok is
// false when the host is not Node, and the caller should use os.Open.
func Open(name string) (f *File, ok bool, err error) {
	fs := nodeModule("fs")
	if fs.IsUndefined() {
		return nil, false, nil
	}
	n := &nodeIO{fs: fs}
	fd, err := n.call("openSync", name, "r")
	if err != nil {
		return nil, true, fmt.Errorf("open %s: %w", name, err)
	}
	return &File{io: newNodeIO(fs, fd.Int()), name: name}, true, nil
}

// ReadAt implements io.ReaderAt.
func (f *File) ReadAt(p []byte, off int64) (int, error) {
	n := f.io
	n.mu.Lock()
	defer n.mu.Unlock()
	done := 0
	for done < len(p) {
		want := min(len(p)-done, nodeBufSize)
		got, err := n.call("readSync", n.fd, n.buf, 0, want, off+int64(done))
		if err != nil {
			return done, fmt.Errorf("read %s at offset %d: %w", f.name, off+int64(done), err)
		}
		if got.Int() == 0 {
			return done, io.EOF
		}
		done += js.CopyBytesToGo(p[done:], n.view(got.Int()))
	}
	return done, nil
}

// SumRanges implements bulk.RangeSummer: the ranges are read and hashed
// in JavaScript, through the file's buffer, so that their bytes are never
// copied into Go. Ranges lying within a buffer's reach of each other are
// read at once, as verify reads a batch of small blobs.
func (f *File) SumRanges(offs, sizes []int64, sums []digest.SHA1) (err error) {
	r := rangeSummer()
	if r == nil {
		return errors.New("no SHA-1 in this Node")
	}
	n := f.io
	n.mu.Lock()
	defer n.mu.Unlock()
	r.mu.Lock()
	defer r.mu.Unlock()
	defer func() {
		if x := recover(); x != nil {
			je, ok := x.(js.Error)
			if !ok {
				panic(x)
			}
			err = fmt.Errorf("read %s: %s", f.name, je.Get("message").String())
		}
	}()
	for i := 0; i < len(offs); {
		k := min(len(offs)-i, rangesMax)
		for j := range k {
			binary.LittleEndian.PutUint64(r.ranges[16*j:], math.Float64bits(float64(offs[i+j])))
			binary.LittleEndian.PutUint64(r.ranges[16*j+8:], math.Float64bits(float64(sizes[i+j])))
		}
		js.CopyBytesToJS(r.where, r.ranges[:16*k])
		if !r.fn.Invoke(r.fs, n.fd, r.crypto, n.buf, r.where, r.out, k).Bool() {
			return fmt.Errorf("read %s: %w", f.name, io.ErrUnexpectedEOF)
		}
		js.CopyBytesToGo(unsafe.Slice(&sums[i][0], digest.Size*k), r.out)
		i += k
	}
	return nil
}

// rangesMax bounds the ranges of one call into JavaScript.
const rangesMax = 4096

// sumRangesJS hashes n ranges of file fd, found in where as pairs of
// float64 (offset, size), into out, reading through buf: a range that
// fits in buf is read with what follows it up to the last range's end, so
// that the next may already be there. It returns false when the file
// ends early.
const sumRangesJS = `const r = new Float64Array(where.buffer, where.byteOffset, 2 * n);
let end = 0;
for (let i = 0; i < n; i++) end = Math.max(end, r[2 * i] + r[2 * i + 1]);
const read = (to, want, at) => {
	for (let got = 0; got < want; ) {
		const k = fs.readSync(fd, buf, to + got, want - got, at + got);
		if (k <= 0) return false;
		got += k;
	}
	return true;
};
const hash = (v) => crypto.hash ? crypto.hash("sha1", v, "buffer") : crypto.createHash("sha1").update(v).digest();
let lo = 0, hi = 0;
for (let i = 0; i < n; i++) {
	let off = r[2 * i], size = r[2 * i + 1];
	if (size > buf.length) {
		const h = crypto.createHash("sha1");
		for (; size > 0; off += buf.length, size -= buf.length) {
			const k = Math.min(size, buf.length);
			if (!read(0, k, off)) return false;
			h.update(buf.subarray(0, k));
		}
		out.set(h.digest(), 20 * i);
		lo = hi = 0;
		continue;
	}
	if (off < lo || off + size > hi) {
		lo = off;
		hi = off + Math.min(buf.length, end - off);
		if (!read(0, hi - lo, lo)) return false;
	}
	out.set(hash(buf.subarray(off - lo, off - lo + size)), 20 * i);
}
return true;`

// summer is what SumRanges needs of JavaScript, made once and shared by
// every file.
type summer struct {
	mu             sync.Mutex
	fs, crypto, fn js.Value
	where, out     js.Value // the ranges and their digests
	ranges         []byte   // where, built in Go
}

var rangeSummer = sync.OnceValue(func() *summer {
	fs, crypto := nodeModule("fs"), nodeModule("crypto")
	if fs.IsUndefined() || crypto.IsUndefined() || crypto.Get("createHash").Type() != js.TypeFunction {
		return nil
	}
	u8 := js.Global().Get("Uint8Array")
	return &summer{fs: fs, crypto: crypto,
		fn:    js.Global().Get("Function").New("fs", "fd", "crypto", "buf", "where", "out", "n", sumRangesJS),
		where: u8.New(16 * rangesMax), out: u8.New(digest.Size * rangesMax),
		ranges: make([]byte, 16*rangesMax)}
})

// Close closes the file.
func (f *File) Close() error {
	_, err := f.io.call("closeSync", f.io.fd)
	return err
}

// Writer writes to file descriptor fd (1 for stdout) with Node's
// fs.writeSync; ok is false when the host is not Node.
func Writer(fd int) (w io.Writer, ok bool) {
	fs := nodeModule("fs")
	if fs.IsUndefined() {
		return nil, false
	}
	return nodeWriter{newNodeIO(fs, fd)}, true
}

type nodeWriter struct{ io *nodeIO }

func (w nodeWriter) Write(p []byte) (int, error) {
	n := w.io
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.feed(p, func(c int) error {
		for put := 0; put < c; {
			k, err := n.call("writeSync", n.fd, n.buf, put, c-put)
			if err != nil {
				return err
			}
			put += k.Int()
		}
		return nil
	})
}

// IsTerminal reports whether file descriptor fd is a terminal, by
// Node's tty.isatty, which answers at once; ok is false when the host is
// not Node. Go's File.Stat waits for the event loop, and a program's
// first wait took 80 to 100 ms.
func IsTerminal(fd int) (tty, ok bool) {
	t := nodeModule("tty")
	if t.IsUndefined() {
		return false, false
	}
	return t.Call("isatty", fd).Bool(), true
}

// Stat describes the file name with Node's fs.statSync, for the same
// reason; ok is false when the host is not Node or the call fails, and
// the caller should use os.Stat, whose errors say why as Go's do. Sys
// returns a FileID.
func Stat(name string) (fi fs.FileInfo, ok bool) {
	f := nodeModule("fs")
	if f.IsUndefined() {
		return nil, false
	}
	st, err := (&nodeIO{fs: f}).call("statSync", name)
	if err != nil {
		return nil, false
	}
	mode := fs.FileMode(st.Get("mode").Int() & 0o777)
	if st.Call("isDirectory").Bool() {
		mode |= fs.ModeDir
	}
	return &nodeFileInfo{
		name: path.Base(name),
		size: int64(st.Get("size").Float()),
		mode: mode,
		mod:  time.UnixMilli(int64(st.Get("mtimeMs").Float())),
		id:   FileID{st.Get("dev").Float(), st.Get("ino").Float()},
	}, true
}

// FileID tells files apart, as os.SameFile does.
type FileID struct{ Dev, Ino float64 }

type nodeFileInfo struct {
	name string
	size int64
	mode fs.FileMode
	mod  time.Time
	id   FileID
}

func (i *nodeFileInfo) Name() string       { return i.name }
func (i *nodeFileInfo) Size() int64        { return i.size }
func (i *nodeFileInfo) Mode() fs.FileMode  { return i.mode }
func (i *nodeFileInfo) ModTime() time.Time { return i.mod }
func (i *nodeFileInfo) IsDir() bool        { return i.mode.IsDir() }
func (i *nodeFileInfo) Sys() any           { return i.id }
