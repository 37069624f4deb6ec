package export

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/compress"
	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimlibref"
)

// memSink keeps what Export writes: each file's bytes by target path.
type memSink struct {
	mu     sync.Mutex
	files  map[string][]byte
	dirs   []string
	open   int // contents begun and not closed
	closed []error
	onFile func() // called as each content begins
	fail   error  // returned by Files when set
}

func newMemSink() *memSink { return &memSink{files: map[string][]byte{}} }

func (m *memSink) Dir(e Entry) error {
	m.dirs = append(m.dirs, e.Path)
	return nil
}

func (m *memSink) Files(es []Entry, size int64) (Content, error) {
	if m.onFile != nil {
		m.onFile()
	}
	if m.fail != nil {
		return nil, m.fail
	}
	m.mu.Lock()
	m.open++
	m.mu.Unlock()
	return &memContent{m: m, es: es}, nil
}

type memContent struct {
	m   *memSink
	es  []Entry
	buf bytes.Buffer
}

func (c *memContent) Write(p []byte) error {
	c.buf.Write(p)
	return nil
}

func (c *memContent) Close(err error) error {
	c.m.mu.Lock()
	defer c.m.mu.Unlock()
	c.m.open--
	c.m.closed = append(c.m.closed, err)
	if err == nil {
		for _, e := range c.es {
			c.m.files[e.Path] = bytes.Clone(c.buf.Bytes())
		}
	}
	return nil
}

func vector(t *testing.T, name string) (*wim.Archive, *meta.Image) {
	t.Helper()
	a := wimlibref.Open(t, name)
	img, err := a.Image(1)
	if err != nil {
		t.Fatal(err)
	}
	return a, img
}

// checkWritten checks that every file the sink got holds what its SHA-1
// says, hard links and duplicates included, and that what the sink got is
// what res counts as written; it returns how many files there are.
func checkWritten(t *testing.T, img *meta.Image, m *memSink, res *Result) int {
	t.Helper()
	for p, data := range m.files {
		f, err := img.Lookup(p)
		if err != nil {
			t.Fatal(err)
		}
		want := digest.SHA1{}
		if s := f.Data(); s != nil {
			want = s.Hash
		}
		if got := digest.Sum(data); int64(len(data)) != f.Size() || (!want.IsZero() && got != want) {
			t.Errorf("%s: %d bytes hashing to %s, want %d bytes, %s", p, len(data), got, f.Size(), want)
		}
	}
	if got := len(m.files) + len(m.dirs); got != res.Written {
		t.Errorf("the sink got %d entries, and %d are counted as written", got, res.Written)
	}
	return len(m.files)
}

func TestExportWritesEveryFileOfEveryKindOfArchive(t *testing.T) {
	for _, name := range []string{"ntfs-none.wim", "ntfs-lzx-2m.wim", "ntfs-solid-1m.esd", "ntfs-pipable.wim"} {
		t.Run(name, func(t *testing.T) {
			a, img := vector(t, name)
			m := newMemSink()
			var last, total int64
			res, err := Export(context.Background(), a, []*meta.File{img.Root}, m, bulk.Options{}, func(d, all int64) { last, total = d, all })
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Failed) > 0 || m.open != 0 {
				t.Errorf("failed %v; %d contents left open", res.Failed, m.open)
			}
			if n := checkWritten(t, img, m, res); n < 100 {
				t.Errorf("only %d files written", n)
			}
			if last != total || total == 0 {
				t.Errorf("progress ended at %d of %d", last, total)
			}
		})
	}
}

// TestExportGoesOnPastADamagedSolidChunk damages one chunk of a solid
// resource: the files whose data lies in it are listed as failed and
// nothing of them is kept, the others are written whole.
func TestExportGoesOnPastADamagedSolidChunk(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(wimlibref.Dir(), "ntfs-solid-1m.esd"))
	if err != nil {
		t.Fatal(err)
	}
	// The solid resource comes first, metadata and XML after it: a
	// third of the way in is inside one of its chunks.
	at := len(b) / 3
	for i := range 64 {
		b[at+i] ^= 0x5a
	}
	a, img := image(t, b)
	m := newMemSink()
	res, err := Export(context.Background(), a, []*meta.File{img.Root}, m, bulk.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failed) == 0 {
		t.Fatal("no file failed")
	}
	t.Logf("%d failed, %d written", len(res.Failed), res.Written)
	for _, p := range res.Failed {
		if !errors.Is(p.Err, wim.ErrChecksum) && !errors.Is(p.Err, compress.ErrCorrupt) {
			t.Errorf("%s: %v, want a checksum or decoding error", p.Path, p.Err)
		}
		if _, ok := m.files[p.Path[1:]]; ok {
			t.Errorf("%s failed but was kept", p.Path)
		}
	}
	// Files of other chunks, and empty ones, are written.
	if n := checkWritten(t, img, m, res); n < 20 {
		t.Errorf("only %d files written past the damage (%d failed)", n, len(res.Failed))
	}
}

func TestExportStopsWhenCancelledMidway(t *testing.T) {
	a, img := vector(t, "ntfs-lzx-2m.wim")
	ctx, cancel := context.WithCancel(context.Background())
	m := newMemSink()
	n := 0
	m.onFile = func() {
		if n++; n == 10 {
			cancel()
		}
	}
	_, err := Export(ctx, a, []*meta.File{img.Root}, m, bulk.Options{}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Export: %v, want context.Canceled", err)
	}
	if m.open != 0 {
		t.Errorf("%d contents were left open", m.open)
	}
	// Work under way when it was cancelled may end, but not the rest.
	if _, files := img.Counts(); len(m.files) > files/2 {
		t.Errorf("%d files of %d written after cancelling at the 10th content", len(m.files), files)
	}
}

func TestExportStopsAtTheSinksFailure(t *testing.T) {
	a, img := vector(t, "ntfs-solid.esd")
	m := newMemSink()
	m.fail = errors.New("disk full")
	_, err := Export(context.Background(), a, []*meta.File{img.Root}, m, bulk.Options{}, nil)
	if err == nil || !errors.Is(err, m.fail) {
		t.Fatalf("Export: %v, want the sink's error", err)
	}
}

// TestExportWritesEachContentOnceForAllItsFiles checks that hard links and
// files with equal data are handed to the sink as one content.
func TestExportWritesEachContentOnceForAllItsFiles(t *testing.T) {
	a, img := vector(t, "ntfs-lzms.wim")
	m := newMemSink()
	var groups [][]string
	res, err := Export(context.Background(), a, []*meta.File{img.Root}, &groupSink{m, &groups}, bulk.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkWritten(t, img, m, res)
	seen := map[string]bool{}
	linked := false
	for _, g := range groups {
		for _, p := range g {
			if seen[p] {
				t.Errorf("%s handed to the sink twice", p)
			}
			seen[p] = true
		}
		if len(g) > 1 {
			f, _ := img.Lookup(g[0])
			for _, p := range g[1:] {
				h, _ := img.Lookup(p)
				if f.Data() == nil || h.Data() == nil || f.Data().Hash != h.Data().Hash {
					t.Errorf("%q grouped with %q but their data differ", p, g[0])
				}
				linked = linked || slices.Contains(f.Links(), h)
			}
		}
	}
	if !linked {
		t.Error("no hard links were grouped: the vector has some")
	}
}

type groupSink struct {
	*memSink
	groups *[][]string
}

func (g *groupSink) Files(es []Entry, size int64) (Content, error) {
	var ps []string
	for _, e := range es {
		ps = append(ps, e.Path)
	}
	g.mu.Lock()
	*g.groups = append(*g.groups, ps)
	g.mu.Unlock()
	return g.memSink.Files(es, size)
}

// Notes are counted by kind, in kind order, in words for one and many.
func TestNoteSummary(t *testing.T) {
	notes := []Note{{Kind: NoteStreams}, {Kind: NoteReparse}, {Kind: NoteEncrypted}, {Kind: NoteReparse}}
	want := []string{
		"2 reparse points written as plain files or folders",
		"1 encrypted (EFS) file written empty, without the raw encrypted data",
		"1 file's named streams not written",
	}
	if got := NoteSummary(notes); !slices.Equal(got, want) {
		t.Errorf("NoteSummary: %q, want %q", got, want)
	}
	if got := NoteSummary(nil); len(got) != 0 {
		t.Errorf("NoteSummary of no notes: %q", got)
	}
}
