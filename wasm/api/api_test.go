package api

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
	"github.com/wimlens/wimlens/wasm/blobcache"
)

// collector is an Out that keeps everything.
type collector struct {
	data     bytes.Buffer
	progress [][2]int64
}

func (c *collector) Progress(done, total int64) {
	c.progress = append(c.progress, [2]int64{done, total})
}
func (c *collector) Chunk(p []byte) { c.data.Write(p) }

var tree = map[string]string{
	"Windows/System32/cmd.exe":     "MZ fake cmd",
	"Windows/notepad.exe":          "MZ fake notepad",
	"Users/Public/readme.txt":      strings.Repeat("hello, wim\n", 300_000), // > 1 chunk
	"<img src=x onerror=alert(1)>": "hostile",
	"empty.txt":                    "",
}

// capture writes tree into a WIM with wimlib-imagex and returns its path.
func capture(t *testing.T, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("wimlib-imagex"); err != nil {
		t.Skip("wimlib-imagex not installed")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	for name, body := range tree {
		p := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "t.wim")
	cmd := append([]string{"capture", src, out, "--compress=none"}, args...)
	if b, err := exec.Command("wimlib-imagex", cmd...).CombinedOutput(); err != nil {
		t.Fatalf("capture: %v\n%s", err, b)
	}
	return out
}

// part opens a file as the bridge opens a browser File.
func part(t *testing.T, path string) Part {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	st, _ := f.Stat()
	fetch := func(p []byte, off int64) error { _, err := f.ReadAt(p, off); return err }
	return Part{Name: filepath.Base(path), R: blobcache.New(fetch, st.Size(), 1<<16, 8)}
}

func open(t *testing.T, paths ...string) *Server {
	t.Helper()
	s := NewServer(nil)
	var parts []Part
	for _, p := range paths {
		parts = append(parts, part(t, p))
	}
	if _, err := s.Open(parts); err != nil {
		t.Fatal(err)
	}
	return s
}

func do[T any](t *testing.T, s *Server, req Request) (T, *collector) {
	t.Helper()
	out := &collector{}
	res, err := s.Handle(req, out)
	if err != nil {
		t.Fatalf("%s: %v", req.Op, err)
	}
	return res.(T), out
}

// find walks the tree by names through list requests, as the page does.
func find(t *testing.T, s *Server, path string) view.Entry {
	t.Helper()
	e := view.Entry{ID: 0, Dir: true}
	for _, name := range strings.Split(path, "/") {
		l, _ := do[*view.Listing](t, s, Request{Op: "list", Image: 1, Node: e.ID})
		i := sort.Search(len(l.Entries), func(i int) bool { return l.Entries[i].Name >= name })
		if i == len(l.Entries) || l.Entries[i].Name != name {
			t.Fatalf("%s: no %q", path, name)
		}
		e = l.Entries[i]
	}
	return e
}

func TestBrowse(t *testing.T) {
	s := open(t, capture(t))
	sum, _ := do[*view.ImageSummary](t, s, Request{Op: "settled", Image: 1})
	if sum.Root.Children != 4 || sum.Files != 5 || sum.Dirs != 5 {
		t.Fatalf("image summary %+v", sum)
	}
	win := find(t, s, "Windows")
	if !win.Dir || win.Children != 2 {
		t.Fatalf("Windows: %+v", win)
	}
	hostile := find(t, s, "<img src=x onerror=alert(1)>")
	d, _ := do[*view.Details](t, s, Request{Op: "stat", Image: 1, Node: hostile.ID})
	if d.Path != "/<img src=x onerror=alert(1)>" || d.Size != 7 || len(d.Ancestors) != 0 {
		t.Fatalf("stat: %+v", d)
	}
	if len(d.Streams) != 1 || d.Streams[0].RefCount != 1 || len(d.Streams[0].Hash) != 40 {
		t.Fatalf("streams: %+v", d.Streams)
	}
	res, _ := do[*view.Results](t, s, Request{Op: "search", Image: 1, Query: "*.exe"})
	if len(res.Hits) != 2 || res.Hits[0].Path != "/Windows/System32/cmd.exe" || len(res.Hits[0].Ancestors) != 2 {
		t.Fatalf("search: %+v", res)
	}
	// An ancestor's id lists the folder that holds the hit.
	l, _ := do[*view.Listing](t, s, Request{Op: "list", Image: 1, Node: res.Hits[0].Ancestors[1]})
	if len(l.Entries) != 1 || l.Entries[0].ID != res.Hits[0].ID {
		t.Fatalf("ancestor listing: %+v", l)
	}
	cmd := find(t, s, "Windows/System32/cmd.exe")
	if d, _ = do[*view.Details](t, s, Request{Op: "stat", Image: 1, Node: cmd.ID}); len(d.Ancestors) != 2 || d.Ancestors[0] != win.ID {
		t.Fatalf("cmd.exe ancestors %v, Windows is %d", d.Ancestors, win.ID)
	}
	if _, err := s.Handle(Request{Op: "list", Image: 1, Node: 9999}, &collector{}); err == nil {
		t.Fatal("unknown node accepted")
	}
	if _, err := s.Handle(Request{Op: "list", Image: 2}, &collector{}); err == nil {
		t.Fatal("missing image accepted")
	}
}

func TestContent(t *testing.T) {
	s := open(t, capture(t))
	readme := find(t, s, "Users/Public/readme.txt")
	want := tree["Users/Public/readme.txt"]
	c, out := do[*view.Content](t, s, Request{Op: "download", Image: 1, Node: readme.ID})
	if out.data.String() != want || c.Size != int64(len(want)) || c.Length != c.Size {
		t.Fatalf("download: %d bytes of %d (%+v)", out.data.Len(), len(want), c)
	}
	if last := out.progress[len(out.progress)-1]; last[0] != last[1] {
		t.Fatalf("progress ends at %v", last)
	}
	c, out = do[*view.Content](t, s, Request{Op: "read", Image: 1, Node: readme.ID, Offset: 5, Length: 20})
	if out.data.String() != want[5:25] || c.Offset != 5 || c.Length != 20 {
		t.Fatalf("read: %q (%+v)", out.data.String(), c)
	}
	_, out = do[*view.Content](t, s, Request{Op: "read", Image: 1, Node: readme.ID, Offset: int64(len(want)) - 3, Length: 100})
	if out.data.String() != want[len(want)-3:] {
		t.Fatalf("read past the end: %q", out.data.String())
	}
	empty := find(t, s, "empty.txt")
	if c, out = do[*view.Content](t, s, Request{Op: "download", Image: 1, Node: empty.ID}); c.Size != 0 || out.data.Len() != 0 {
		t.Fatalf("empty: %+v", c)
	}
	if _, err := s.Handle(Request{Op: "download", Image: 1, Node: readme.ID, Stream: "nope"}, &collector{}); err == nil {
		t.Fatal("missing stream accepted")
	}
}

// TestDownloadOfADamagedFileFails: a file whose stored bytes no longer
// hash to the SHA-1 the image records is sent, and then the download
// fails with a checksum error, so that the page's download fails rather
// than save it as if whole (as `wimlens cat` and extract do). A preview's
// range is not checked: a part of a file has no SHA-1 of its own.
func TestDownloadOfADamagedFileFails(t *testing.T) {
	b := wimtest.Build(
		&wimtest.Entry{Name: "damaged.txt", Data: []byte("DAMAGED CONTENT")},
		&wimtest.Entry{Name: "fine.txt", Data: []byte("fine")},
	)
	b[bytes.Index(b, []byte("DAMAGED CONTENT"))] = 'X'
	p := filepath.Join(t.TempDir(), "d.wim")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	s := open(t, p)
	out := &collector{}
	_, err := s.Handle(Request{Op: "download", Image: 1, Node: find(t, s, "damaged.txt").ID}, out)
	if !errors.Is(err, wim.ErrChecksum) || view.DescribeError(err).Kind != "checksum" {
		t.Errorf("download of a damaged file: %v, want a checksum error", err)
	}
	if c, out := do[*view.Content](t, s, Request{Op: "download", Image: 1, Node: find(t, s, "fine.txt").ID}); out.data.String() != "fine" || c.Length != 4 {
		t.Errorf("download of an intact file: %q (%+v)", out.data.String(), c)
	}
	if _, out := do[*view.Content](t, s, Request{Op: "read", Image: 1, Node: find(t, s, "damaged.txt").ID, Length: 7}); out.data.String() != "XAMAGED" {
		t.Errorf("preview of a damaged file: %q", out.data.String())
	}
}

func TestZip(t *testing.T) {
	s := open(t, capture(t))
	win := find(t, s, "Windows")
	z, out := do[*view.Zipped](t, s, Request{Op: "zip", Image: 1, Node: win.ID})
	zr, err := zip.NewReader(bytes.NewReader(out.data.Bytes()), int64(out.data.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	sort.Strings(names)
	want := []string{"Windows/", "Windows/System32/", "Windows/System32/cmd.exe", "Windows/notepad.exe"}
	if strings.Join(names, ",") != strings.Join(want, ",") || z.Bytes != int64(out.data.Len()) || z.Entries != 4 {
		t.Fatalf("zip entries %q, result %+v", names, z)
	}
}

func TestVerifyFindsCorruptBlob(t *testing.T) {
	path := capture(t)
	s := open(t, path)
	v, _ := do[*view.Verify](t, s, Request{Op: "verify"})
	if !v.OK || len(v.Faults) != 0 {
		t.Fatalf("clean file: %+v", v)
	}
	b, _ := os.ReadFile(path)
	i := bytes.Index(b, []byte("MZ fake notepad"))
	b[i] = 'X'
	bad := filepath.Join(t.TempDir(), "bad.wim")
	os.WriteFile(bad, b, 0o644)
	s = open(t, bad)
	v, _ = do[*view.Verify](t, s, Request{Op: "verify"})
	if v.OK || len(v.Faults) != 1 || v.Faults[0].Error.Kind != "checksum" ||
		len(v.Faults[0].UsedBy) != 1 || v.Faults[0].UsedBy[0] != (view.FaultUse{Image: 1, Path: "/Windows/notepad.exe"}) {
		t.Fatalf("corrupt file: %+v", v)
	}
}

func TestCancel(t *testing.T) {
	s := open(t, capture(t))
	if r, _ := s.Handle(Request{Op: "cancel", Target: 42}, &collector{}); r.(view.Cancelled).Cancelled {
		t.Fatal("cancelled a request that is not running")
	}
	// A progress callback cancels its own request midway.
	readme := find(t, s, "Users/Public/readme.txt")
	out := &cancelling{s: s, id: 7}
	_, err := s.Handle(Request{ID: 7, Op: "download", Image: 1, Node: readme.ID}, out)
	if d := view.DescribeError(err); d.Kind != "cancelled" {
		t.Fatalf("err = %v (%s)", err, d.Kind)
	}
}

type cancelling struct {
	collector
	s  *Server
	id int64
}

func (c *cancelling) Progress(done, total int64) {
	c.s.Handle(Request{Op: "cancel", Target: c.id}, &collector{})
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o644)
		return p
	}
	good, _ := os.ReadFile(capture(t))
	other, _ := os.ReadFile(capture(t)) // same tree, another GUID
	cases := []struct {
		name   string
		kind   view.ErrorKind
		files  [][]byte
		header bool // the header is still described
	}{
		{"text", "not-wim", [][]byte{[]byte(strings.Repeat("not a wim ", 50))}, false},
		{"short", "not-wim", [][]byte{[]byte("MSWIM")}, false},
		// The header's tables lie past the end; the header is still shown.
		{"cut", "truncated", [][]byte{good[:len(good)/2]}, true},
		{"two unrelated", "different-wims", [][]byte{good, other}, true},
	}
	for _, c := range cases {
		s := NewServer(nil)
		var parts []Part
		for i, b := range c.files {
			parts = append(parts, part(t, write(fmt.Sprintf("%s-%d.wim", c.name, i), b)))
		}
		opened, err := s.Open(parts)
		if err == nil || view.DescribeError(err).Kind != c.kind {
			t.Errorf("%s: err %v, want kind %s", c.name, err, c.kind)
			continue
		}
		if got := opened.Archive.GUID != ""; got != c.header {
			t.Errorf("%s: header described %v, want %v", c.name, got, c.header)
		}
		if _, err := s.Handle(Request{Op: "list", Image: 1}, &collector{}); err == nil {
			t.Errorf("%s: list works without an archive", c.name)
		}
	}
}

func TestSplitWithMissingPart(t *testing.T) {
	path := capture(t)
	swm := filepath.Join(t.TempDir(), "s.swm")
	if b, err := exec.Command("wimlib-imagex", "split", path, swm, "1").CombinedOutput(); err != nil {
		t.Fatalf("split: %v\n%s", err, b)
	}
	parts, _ := filepath.Glob(strings.TrimSuffix(swm, ".swm") + "*.swm")
	if len(parts) < 3 {
		t.Fatalf("split made %d parts", len(parts))
	}
	s := NewServer(nil)
	var given []Part
	for _, p := range parts[:len(parts)-1] {
		given = append(given, part(t, p))
	}
	opened, err := s.Open(given)
	if err != nil {
		t.Fatal(err)
	}
	if len(opened.Archive.MissingParts) != 1 {
		t.Fatalf("missing parts %v", opened.Archive.MissingParts)
	}
	if opened.Stats.BytesRead == 0 || opened.Stats.Size == 0 {
		t.Fatalf("stats %+v", opened.Stats)
	}
	// The tree still shows; data in the missing part fails with its kind.
	missing := 0
	for name := range tree {
		_, err := s.Handle(Request{Op: "download", Image: 1, Node: find(t, s, name).ID}, &collector{})
		if err != nil && view.DescribeError(err).Kind == "missing-part" {
			missing++
		} else if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if missing == 0 {
		t.Fatal("no file is in the missing part")
	}
}

func TestHostileTree(t *testing.T) {
	b := wimtest.Build(
		&wimtest.Entry{Name: "a/b", Data: []byte("slash")},
		&wimtest.Entry{Name: "gone", Data: []byte("x"), MissingBlob: true},
	)
	p := filepath.Join(t.TempDir(), "h.wim")
	os.WriteFile(p, b, 0o644)
	s := open(t, p)
	sum, _ := do[*view.ImageSummary](t, s, Request{Op: "settled", Image: 1})
	if sum.AnomalyCount < 2 {
		t.Fatalf("anomalies %+v", sum.Anomalies)
	}
	l, _ := do[*view.Listing](t, s, Request{Op: "list", Image: 1})
	for _, e := range l.Entries {
		if !e.Anomaly {
			t.Errorf("%q not flagged", e.Name)
		}
	}
	res, _ := do[*view.Results](t, s, Request{Op: "search", Image: 1, Query: "a/b"})
	if len(res.Hits) != 1 {
		t.Fatalf("a name with a slash is found by substring: %+v", res)
	}
}

// verify lists a blob that files use and no part holds, with its users,
// as it lists a damaged one.
func TestVerifyFindsMissingBlob(t *testing.T) {
	b := wimtest.Build(&wimtest.Entry{Name: "here", Data: []byte("x")},
		&wimtest.Entry{Name: "gone", Data: []byte("y"), MissingBlob: true})
	path := filepath.Join(t.TempDir(), "missing.wim")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	v, _ := do[*view.Verify](t, open(t, path), Request{Op: "verify"})
	if v.OK || len(v.Faults) != 1 || v.Faults[0].Error.Kind != "missing-blob" || v.Faults[0].Unlisted != 0 ||
		len(v.Faults[0].UsedBy) != 1 || v.Faults[0].UsedBy[0] != (view.FaultUse{Image: 1, Path: "/gone"}) {
		t.Fatalf("%+v", v)
	}
}
