package export

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// hostile is one entry per kind of name SafeName refuses, beside safe
// files that must still be written. wimlib will not capture such names,
// so the WIM is written directly.
func hostile() []*wimtest.Entry {
	file := func(name, data string) *wimtest.Entry { return &wimtest.Entry{Name: name, Data: []byte(data)} }
	return []*wimtest.Entry{
		file("ok.txt", "safe\n"),
		{Name: "dir", Dir: true, Children: []*wimtest.Entry{file("ok2.txt", "also safe\n"), file("twin", "1"), file("twin", "2")}},
		file("..", "parent"),
		file(".", "self"),
		file("", "unnamed"),
		file("/etc/passwd", "absolute"),
		file(`\\server\share`, "UNC"),
		file("C:", "drive"),
		file("c:evil.txt", "drive-relative"),
		file("a/b", "slash"),
		file(`a\b`, "backslash"),
		file("a\x00b", "NUL"),
		file("CON", "device"),
		file("nul.txt", "device with extension"),
		file("COM1", "serial port"),
		file("lpt9.log", "printer port"),
		{Name: "..", Dir: true, Children: []*wimtest.Entry{file("escaped.txt", "must not be written")}},
		file("dup", "first"),
		file("dup", "second"),
	}
}

// refusedPaths are the image paths hostile's refusals are reported under.
var refusedPaths = []string{
	"/", "/.", "/..", "/..", `/\\server\share`, "/C:", "/a/b", "/a\x00b", `/a\b`, "/c:evil.txt",
	"/COM1", "/CON", "/dup", "//etc/passwd", "/lpt9.log", "/nul.txt", "/dir/twin",
}

func image(t *testing.T, b []byte) (*wim.Archive, *meta.Image) {
	t.Helper()
	a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	img, err := a.Image(1)
	if err != nil {
		t.Fatal(err)
	}
	return a, img
}

func TestZipRefusesUnsafeNames(t *testing.T) {
	a, img := image(t, wimtest.Build(hostile()...))
	var buf bytes.Buffer
	var last, total int64
	res, err := Zip(context.Background(), &buf, a, img.Root, bulk.Options{}, func(done, all int64) { last, total = done, all })
	if err != nil {
		t.Fatal(err)
	}
	var refused []string
	for _, p := range res.Refused {
		if !errors.Is(p.Err, ErrUnsafeName) {
			t.Errorf("refusal of %q: %v does not wrap ErrUnsafeName", p.Path, p.Err)
		}
		refused = append(refused, p.Path)
	}
	slices.Sort(refused)
	if want := slices.Sorted(slices.Values(refusedPaths)); !slices.Equal(refused, want) {
		t.Errorf("refused %q\n want %q", refused, want)
	}
	got := readZip(t, buf.Bytes())
	want := map[string]string{"ok.txt": "safe\n", "dir/": "", "dir/ok2.txt": "also safe\n", "dir/twin": "1", "dup": "first"}
	if !maps.Equal(got, want) {
		t.Errorf("zip holds %q, want %q", got, want)
	}
	if res.OK() || res.Written != len(want) {
		t.Errorf("OK() = %v with refusals; Written = %d, want the %d zip entries", res.OK(), res.Written, len(want))
	}
	if last != total || total != int64(len("safe\n")+len("also safe\n")+len("1")+len("first")) {
		t.Errorf("progress ended at %d of %d", last, total)
	}
}

// readZip reads every entry, checking that none could leave the folder
// it is extracted into and none is a symlink.
func readZip(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		if m := f.Mode(); !filepath.IsLocal(strings.TrimSuffix(f.Name, "/")) || !(m.IsRegular() || m.IsDir()) {
			t.Errorf("zip entry %q (mode %v) is not a plain local name", f.Name, f.Mode())
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out[f.Name] = string(data)
	}
	return out
}

func TestExportListsUnreadableFilesAndGoesOn(t *testing.T) {
	b := wimtest.Build(
		&wimtest.Entry{Name: "gone.txt", Data: []byte("no blob"), MissingBlob: true},
		&wimtest.Entry{Name: "damaged.txt", Data: []byte("DAMAGED CONTENT")},
		&wimtest.Entry{Name: "fine.txt", Data: []byte("fine")},
	)
	// Damage the blob without touching its SHA-1 in the blob table.
	i := bytes.Index(b, []byte("DAMAGED CONTENT"))
	b[i] = 'X'
	a, img := image(t, b)
	var buf bytes.Buffer
	res, err := Zip(context.Background(), &buf, a, img.Root, bulk.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	failed := map[string]error{}
	for _, p := range res.Failed {
		failed[p.Path] = p.Err
	}
	if err := failed["/gone.txt"]; !errors.Is(err, wim.ErrMissingBlob) {
		t.Errorf("/gone.txt: %v, want ErrMissingBlob", err)
	}
	if err := failed["/damaged.txt"]; !errors.Is(err, wim.ErrChecksum) {
		t.Errorf("/damaged.txt: %v, want ErrChecksum", err)
	}
	if len(failed) != 2 || res.Written != 1 {
		t.Errorf("Failed %v, Written %d; want two failures and fine.txt written", res.Failed, res.Written)
	}
	if got := readZip(t, buf.Bytes())["fine.txt"]; got != "fine" {
		t.Errorf("fine.txt holds %q", got)
	}
}

// TestExportOfFoldersNamesWhatFailsByItsImagePath: roots below the image's
// root are written under their own names, a second root of a name taken
// is refused, and a file that fails is named by its path in the image.
func TestExportOfFoldersNamesWhatFailsByItsImagePath(t *testing.T) {
	x := func(data string, missing bool) *wimtest.Entry {
		return &wimtest.Entry{Name: "x", Dir: true, Children: []*wimtest.Entry{{Name: "f", Data: []byte(data), MissingBlob: missing}}}
	}
	a, img := image(t, wimtest.Build(
		&wimtest.Entry{Name: "d1", Dir: true, Children: []*wimtest.Entry{{Name: "e", Dir: true, Children: []*wimtest.Entry{x("lost", true)}}}},
		&wimtest.Entry{Name: "d2", Dir: true, Children: []*wimtest.Entry{x("kept", false)}},
	))
	var roots []*meta.File
	for _, p := range []string{"/d1/e/x", "/d2/x"} {
		f, err := img.Lookup(p)
		if err != nil {
			t.Fatal(err)
		}
		roots = append(roots, f)
	}
	m := newMemSink()
	res, err := Export(context.Background(), a, roots, m, bulk.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failed) != 1 || res.Failed[0].Path != "/d1/e/x/f" || !errors.Is(res.Failed[0].Err, wim.ErrMissingBlob) {
		t.Errorf("Failed %v, want /d1/e/x/f missing", res.Failed)
	}
	if len(res.Refused) != 1 || res.Refused[0].Path != "/d2/x" || !errors.Is(res.Refused[0].Err, ErrUnsafeName) {
		t.Errorf("Refused %v, want /d2/x, its name taken", res.Refused)
	}
	if res.Written != 1 || !slices.Equal(m.dirs, []string{"x"}) || len(m.files) != 0 {
		t.Errorf("Written %d, dirs %q, files %d; want only the folder x", res.Written, m.dirs, len(m.files))
	}
}

func TestZipStopsWhenCancelled(t *testing.T) {
	a, img := image(t, wimtest.Build(&wimtest.Entry{Name: "a", Data: []byte("data")}))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Zip(ctx, io.Discard, a, img.Root, bulk.Options{}, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("Zip on a cancelled context: %v, want context.Canceled", err)
	}
}

func TestZipOfOneFolderNamesItsEntriesUnderIt(t *testing.T) {
	a, img := image(t, wimtest.Build(hostile()...))
	dir, err := img.Lookup("/dir")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := Zip(context.Background(), &buf, a, dir, bulk.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"dir/": "", "dir/ok2.txt": "also safe\n", "dir/twin": "1"}
	if got := readZip(t, buf.Bytes()); !maps.Equal(got, want) {
		t.Errorf("zip holds %q, want %q", got, want)
	}
}

// TestZipStoresWhatIsCompressedAlready: a gzip file goes into the zip as
// it is, text is deflated, and both read back whole.
func TestZipStoresWhatIsCompressedAlready(t *testing.T) {
	gz := append([]byte("\x1f\x8b\x08\x00"), bytes.Repeat([]byte{7}, 5000)...)
	text := bytes.Repeat([]byte("words, words, words\n"), 500)
	a, img := image(t, wimtest.Build(
		&wimtest.Entry{Name: "a.gz", Data: gz},
		&wimtest.Entry{Name: "a.txt", Data: text},
	))
	var buf bytes.Buffer
	if _, err := Zip(context.Background(), &buf, a, img.Root, bulk.Options{}, nil); err != nil {
		t.Fatal(err)
	}
	got := readZip(t, buf.Bytes())
	if got["a.gz"] != string(gz) || got["a.txt"] != string(text) {
		t.Fatalf("zip holds %d and %d bytes, want %d and %d", len(got["a.gz"]), len(got["a.txt"]), len(gz), len(text))
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if want := map[string]uint16{"a.gz": zip.Store, "a.txt": zip.Deflate}[f.Name]; f.Method != want {
			t.Errorf("%s: method %d, want %d", f.Name, f.Method, want)
		}
	}
}

// TestZipOfLargeFilesMatchesTheirHashes makes every file of a solid and an
// LZX vector larger than what a zip holds in memory, so each is streamed
// into the zip in a pass of its own, hard links and copies included.
func TestZipOfLargeFilesMatchesTheirHashes(t *testing.T) {
	defer func(old int64) { maxZipContent = old }(maxZipContent)
	maxZipContent = 2 << 10
	for _, name := range []string{"ntfs-solid.esd", "ntfs-lzx-2m.wim"} {
		a, img := vector(t, name)
		var buf bytes.Buffer
		res, err := Zip(context.Background(), &buf, a, img.Root, bulk.Options{}, nil)
		if err != nil || len(res.Failed) > 0 {
			t.Fatalf("%s: %v, failed %v", name, err, res.Failed)
		}
		files := 0
		for p, data := range readZip(t, buf.Bytes()) {
			if strings.HasSuffix(p, "/") {
				continue
			}
			f, err := img.Lookup(p)
			if err != nil {
				t.Fatal(err)
			}
			if s := f.Data(); s != nil && !s.Hash.IsZero() && digest.Sum([]byte(data)) != s.Hash {
				t.Errorf("%s: %s differs from its SHA-1", name, p)
			}
			files++
		}
		if files < 1000 {
			t.Errorf("%s: only %d files in the zip", name, files)
		}
	}
}
