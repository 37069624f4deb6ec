package export

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"sync"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

// Sink writes what Export plans. Every directory comes first, parents
// before children; then the files, a content at a time: the files whose
// unnamed data is one blob (the links of a hard-linked file, and files
// with equal data) are written together, as the archive's blobs are read
// in the archive's own order, not the tree's.
type Sink interface {
	// Dir creates the directory e.
	Dir(e Entry) error
	// Files begins the files es, in plan order, which hold the same size
	// bytes. Files is called from several goroutines at once for
	// different contents, and only once bytes are there to write (at
	// once for an empty file).
	Files(es []Entry, size int64) (Content, error)
}

// Content takes the bytes of one content, in order.
type Content interface {
	// Write writes the next bytes, which are valid only during the call.
	Write(p []byte) error
	// Close ends the content. With a nil err every byte was written and
	// checked against its SHA-1; otherwise the data could not be read or
	// is damaged, and the sink removes what it can of what it wrote.
	Close(err error) error
}

// Buffering is a Sink that holds each content in memory until it is
// whole (a zip needs its size and CRC before its data). Contents larger
// than MaxContent are written after the others, one file at a time, each
// read on its own.
type Buffering interface {
	MaxContent() int64
}

// NameChecker is a Sink with rules of its own for names, such as a file
// system's length limit: a name it refuses is refused as SafeName's are.
type NameChecker interface {
	CheckName(name string) error
}

// Problem is an entry of the image that was not written, and why.
type Problem struct {
	Path string // the entry's path in the image
	Err  error
}

func (p Problem) String() string { return fmt.Sprintf("%s: %v", p.Path, p.Err) }

// Note says how an entry was written differently from the image.
type Note struct {
	Path string // the entry's path in the image
	Kind NoteKind
	Text string
}

func (n Note) String() string { return n.Path + ": " + n.Text }

// NoteKind is what a note is about: an image of Windows has thousands of
// reparse points, whose notes a reader wants counted more than listed.
type NoteKind uint8

const (
	NoteReparse   NoteKind = iota // a reparse point written as a plain file or folder
	NoteEncrypted                 // an encrypted file written empty
	NoteStreams                   // named streams not written
)

// Summary says in a line what n notes of kind k are about.
func (k NoteKind) Summary(n int) string {
	switch k {
	case NoteReparse:
		return plural(n, "reparse point", "reparse points") + " written as plain files or folders"
	case NoteEncrypted:
		return plural(n, "encrypted (EFS) file", "encrypted (EFS) files") + " written empty, without the raw encrypted data"
	}
	return plural(n, "file's", "files'") + " named streams not written"
}

// NoteSummary counts notes by kind, in kind order: a line each.
func NoteSummary(notes []Note) []string {
	var counts [NoteStreams + 1]int
	for _, n := range notes {
		counts[n.Kind]++
	}
	var lines []string
	for k, n := range counts {
		if n > 0 {
			lines = append(lines, NoteKind(k).Summary(n))
		}
	}
	return lines
}

func plural(n int, singular, plural string) string {
	if n == 1 {
		return "1 " + singular
	}
	return strconv.Itoa(n) + " " + plural
}

// Result is what an export did.
type Result struct {
	Written int       // entries written
	Refused []Problem // names refused (with nothing below them written)
	Failed  []Problem // files whose data could not be read or did not match its SHA-1
	Notes   []Note
	Bytes   int64 // file data bytes written, a hard link's counted once
}

// OK reports whether every entry was written as planned.
func (r *Result) OK() bool { return len(r.Refused) == 0 && len(r.Failed) == 0 }

// content is the files of one plan sharing one blob (or, for empty ones,
// one file's links), and how writing them went.
type content struct {
	hash  digest.SHA1 // zero for empty data
	first int32       // its entries are plan.order[first:first+n]
	size  int64
	n     int32
	sink  Content
	err   error // why the data failed, nil when written
}

// Export writes roots (files or folders of one image of a) and everything
// below them to sink. Unsafe names are refused and listed, and so are files
// whose data cannot be read or does not match its SHA-1: the rest is still
// written. The blobs are read with a bulk.Reader: each chunk decoded once, on
// every core. The returned error is for what stops the export: the sink's
// own failures and cancellation. progress, if not nil, is called with bytes
// of blob data read out of the total, one call at a time. opts are the
// host's, for the bulk reads.
func Export(ctx context.Context, a *wim.Archive, roots []*meta.File, sink Sink, opts bulk.Options, progress wim.Progress) (*Result, error) {
	p := makePlan(roots, sink)
	// The plan holds what the export needs: collect the image's tree now
	// (when the caller lets it go), or the pass's heap may grow to half as
	// much again as the planning's peak before the collector runs.
	runtime.GC()
	res := &Result{Refused: p.refused, Notes: p.notes}
	for i := range p.entries {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		if p.entries[i].isDir() {
			e := p.entry(int32(i))
			if err := sink.Dir(e); err != nil {
				return res, fmt.Errorf("%s: %w", p.imagePath(e.Path), err)
			}
		}
	}
	cs := p.cs
	var total int64
	for k := range cs {
		total += cs[k].size
	}
	for _, k := range p.big { // read once per file
		total += cs[k].size * int64(cs[k].n-1)
	}
	w := &writer{p: p, sink: sink}
	pass, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	w.cancel = cancel
	for k := range cs {
		if cs[k].hash.IsZero() {
			w.done(&cs[k], nil) // empty: whole at once
		}
	}
	var passed int64
	hs := hashes(cs, p.pass)
	rp := p.reparseBlobs()
	for _, r := range rp {
		hs = append(hs, r.hash)
		total += r.size
	}
	rd := bulk.NewReader(a, opts)
	defer rd.Close()
	err := w.stopped()
	if err == nil {
		err = rd.Read(pass, hs, blobConsumer{w, p.pass, rp}, func(done, all int64) {
			passed = done
			if progress != nil {
				progress(done, total)
			}
		})
	}
	if serr := w.stopped(); serr != nil {
		err = serr // the pass was cancelled for it
	}
	for _, k := range p.big {
		if err != nil {
			break
		}
		err = w.readAlone(pass, rd, &cs[k], func(n int64) {
			if progress != nil {
				progress(passed+n, total)
			}
		}, &passed)
	}
	for _, r := range rp {
		data := r.data
		if !r.whole { // a note without its target, as when it cannot be read
			data = nil
		}
		res.Notes[r.note].Text = reparseNote(r.reparsePoint, data)
	}
	if err != nil {
		w.abandon(err)
		return res, err
	}
	failed := make([]error, len(p.entries))
	for k := range cs {
		c := &cs[k]
		for _, i := range p.entriesOf(c) {
			failed[i] = c.err
			if c.err == nil && p.entries[i].linkOf < 0 {
				res.Bytes += c.size
			}
		}
	}
	for i := range p.entries {
		if failed[i] != nil {
			res.Failed = append(res.Failed, Problem{Path: p.imagePath(p.path(&p.entries[i])), Err: failed[i]})
		} else {
			res.Written++
		}
	}
	return res, nil
}

// contents groups the planned files by content (p.cs, p.order), and
// lists in p.pass those to read in one pass and in p.big those a
// Buffering sink takes after it.
func (p *plan) contents(sink Sink) {
	limit := int64(-1)
	if b, ok := sink.(Buffering); ok {
		limit = b.MaxContent()
	}
	// Sized for the most there can be, as growing would hold two copies at
	// the planning's peak of memory.
	files := 0
	for _, f := range p.files {
		if !f.IsDir() {
			files++
		}
	}
	p.cs = make([]content, 0, files)
	byHash := make(map[digest.SHA1]int32, files)
	byFile := map[*meta.File]int32{}    // empty files, by their first link
	of := make([]int32, len(p.entries)) // each file's content
	for i, f := range p.files {
		of[i] = -1
		if f.IsDir() {
			continue
		}
		var h digest.SHA1
		if s := f.Data(); s != nil {
			h = s.Hash
		}
		k, ok := byHash[h]
		if h.IsZero() {
			k, ok = byFile[f.Links()[0]]
		}
		if !ok {
			k = int32(len(p.cs))
			p.cs = append(p.cs, content{hash: h, size: f.Size()})
			if h.IsZero() {
				byFile[f.Links()[0]] = k
			} else {
				byHash[h] = k
				if limit >= 0 && f.Size() > limit {
					p.big = append(p.big, int(k))
				} else {
					p.pass = append(p.pass, int(k))
				}
			}
		}
		p.cs[k].n++
		of[i] = k
	}
	var at int32
	for k := range p.cs {
		p.cs[k].first = at
		at += p.cs[k].n
		p.cs[k].n = 0
	}
	p.order = make([]int32, at)
	for i, k := range of {
		if k >= 0 {
			c := &p.cs[k]
			p.order[c.first+c.n] = int32(i)
			c.n++
		}
	}
}

// entriesOf lists c's entries, in plan order.
func (p *plan) entriesOf(c *content) []int32 { return p.order[c.first : c.first+c.n] }

func hashes(cs []content, ks []int) []digest.SHA1 {
	out := make([]digest.SHA1, len(ks))
	for i, k := range ks {
		out[i] = cs[k].hash
	}
	return out
}

// writer hands contents to the sink as the Reader delivers them. A sink
// failure stops the pass (cancel) and is what Export returns.
type writer struct {
	p      *plan
	sink   Sink
	cancel context.CancelCauseFunc

	mu      sync.Mutex
	sinkErr error
}

// blobConsumer names the Reader's blobs: content ks[i] for i below
// len(ks), then reparse points' data.
type blobConsumer struct {
	w  *writer
	ks []int
	rp []*reparseData
}

func (b blobConsumer) Piece(i int, data []byte) {
	if i < len(b.ks) {
		b.w.piece(&b.w.p.cs[b.ks[i]], data)
		return
	}
	r := b.rp[i-len(b.ks)]
	r.data = append(r.data, data...)
}

func (b blobConsumer) Done(i int, err error) {
	if i < len(b.ks) {
		b.w.done(&b.w.p.cs[b.ks[i]], err)
		return
	}
	b.rp[i-len(b.ks)].whole = err == nil
}

// reparseData is the data of a reparse point a note is about.
type reparseData struct {
	reparsePoint
	data  []byte
	whole bool // read and checked: a stop may leave data cut short
}

// maxReparseData is NTFS's limit: larger data is not read into memory.
const maxReparseData = 16 << 10

// reparseBlobs lists the reparse points whose data the notes need.
func (p *plan) reparseBlobs() []*reparseData {
	var out []*reparseData
	for _, r := range p.reparse {
		if !r.hash.IsZero() && r.size <= maxReparseData {
			out = append(out, &reparseData{reparsePoint: r})
		}
	}
	return out
}

func (w *writer) entries(c *content) []Entry {
	is := w.p.entriesOf(c)
	es := make([]Entry, len(is))
	for k, i := range is {
		es[k] = w.p.entry(i)
	}
	return es
}

// fail records a sink failure, the first of which stops the export.
func (w *writer) fail(c *content, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.sinkErr == nil {
		w.sinkErr = fmt.Errorf("%s: %w", w.p.imagePath(w.p.path(&w.p.entries[w.p.entriesOf(c)[0]])), err)
		w.cancel(w.sinkErr)
	}
}

func (w *writer) stopped() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.sinkErr
}

func (w *writer) begin(c *content) bool {
	if c.sink == nil && c.err == nil {
		s, err := w.sink.Files(w.entries(c), c.size)
		if err != nil {
			c.err = err
			w.fail(c, err)
			return false
		}
		c.sink = s
	}
	return c.sink != nil
}

func (w *writer) piece(c *content, data []byte) {
	if !w.begin(c) {
		return
	}
	if err := c.sink.Write(data); err != nil {
		c.sink.Close(err)
		c.sink, c.err = nil, err
		w.fail(c, err)
	}
}

// done ends c: its data is whole and checked (err nil), or failed.
func (w *writer) done(c *content, err error) {
	if err == nil && !w.begin(c) {
		return
	}
	if c.sink == nil { // failed before any byte came
		if c.err == nil {
			c.err = err
		}
		return
	}
	s := c.sink
	c.sink = nil
	if cerr := s.Close(err); err == nil && cerr != nil {
		c.err = cerr
		w.fail(c, cerr)
		return
	}
	c.err = err
}

// readAlone writes each file of c on its own, in a pass of its own: a
// Buffering sink writes such a content straight out, which no other may
// interleave with. done counts the bytes passed.
func (w *writer) readAlone(ctx context.Context, rd *bulk.Reader, c *content, tick func(int64), done *int64) error {
	for k := range c.n {
		one := &content{hash: c.hash, size: c.size, first: c.first + k, n: 1}
		err := rd.Read(ctx, []digest.SHA1{c.hash}, oneConsumer{w, one}, func(d, _ int64) { tick(d) })
		*done += c.size
		if serr := w.stopped(); serr != nil {
			return serr
		}
		if err != nil {
			return err
		}
		if one.err != nil && c.err == nil {
			c.err = one.err
		}
	}
	return nil
}

// oneConsumer hands the Reader's only blob to one content.
type oneConsumer struct {
	w *writer
	c *content
}

func (o oneConsumer) Piece(_ int, data []byte) { o.w.piece(o.c, data) }
func (o oneConsumer) Done(_ int, err error)    { o.w.done(o.c, err) }

// abandon closes, with err, the contents begun but not ended when the
// export stops, so that sinks remove what they wrote of them.
func (w *writer) abandon(err error) {
	for k := range w.p.cs {
		if c := &w.p.cs[k]; c.sink != nil {
			c.sink.Close(err)
			c.sink = nil
		}
	}
}
