package api

import (
	"bytes"
	"errors"
	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/view"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// write puts a crafted WIM in a file.
func write(t *testing.T, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "c.wim")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// The page's first rows come from the image's top; settled answers for
// the whole image, and the root's rows keep their ids.
func TestTopThenSettled(t *testing.T) {
	s := open(t, capture(t))
	s.Preload()
	sum, _ := do[*view.ImageSummary](t, s, Request{Op: "image", Image: 1})
	if !sum.Pending || sum.Root.Children != 4 || sum.Dirs != 0 {
		t.Fatalf("top summary %+v", sum)
	}
	top, _ := do[*view.Listing](t, s, Request{Op: "list", Image: 1})
	full, _ := do[*view.ImageSummary](t, s, Request{Op: "settled", Image: 1})
	if full.Pending || full.Files != 5 || full.Dirs != 5 {
		t.Fatalf("settled summary %+v", full)
	}
	again, _ := do[*view.Listing](t, s, Request{Op: "list", Image: 1})
	if !reflect.DeepEqual(top, again) {
		t.Fatalf("top listing %+v, whole %+v", top, again)
	}
	if s.sess.top(1) != nil {
		t.Fatal("the top is kept once the whole is parsed")
	}
	// Once settled, image answers for the whole.
	if sum, _ = do[*view.ImageSummary](t, s, Request{Op: "image", Image: 1}); sum.Pending || sum.Dirs != 5 {
		t.Fatalf("image after settled %+v", sum)
	}
}

// A folder listed before settled is listed from the whole image, with ids
// that follow the top's.
func TestListBelowTheTopParsesTheWhole(t *testing.T) {
	s := open(t, capture(t))
	if sum, _ := do[*view.ImageSummary](t, s, Request{Op: "image", Image: 1}); !sum.Pending {
		t.Fatalf("not pending: %+v", sum)
	}
	win := find(t, s, "Windows/System32/cmd.exe")
	d, _ := do[*view.Details](t, s, Request{Op: "stat", Image: 1, Node: win.ID})
	if d.Path != "/Windows/System32/cmd.exe" || len(d.Ancestors) != 2 {
		t.Fatalf("stat %+v", d)
	}
}

// A metadata resource that does not hash to its name draws its top, and
// settled says it is damaged.
func TestSettledFindsChecksumMismatch(t *testing.T) {
	b := wimtest.Build(&wimtest.Entry{Name: "a", Dir: true, Children: []*wimtest.Entry{{Name: "last-entry", Data: []byte("x")}}})
	at := bytes.LastIndex(b, []byte("l\x00a\x00s\x00t\x00-\x00e\x00n\x00t\x00r\x00y"))
	b[at] = 'L'
	s := open(t, write(t, b))
	if sum, _ := do[*view.ImageSummary](t, s, Request{Op: "image", Image: 1}); !sum.Pending {
		t.Fatalf("not pending: %+v", sum)
	}
	if _, err := s.Handle(Request{Op: "settled", Image: 1}, &collector{}); !errors.Is(err, wim.ErrChecksum) {
		t.Fatalf("settled: %v", err)
	}
	if _, err := s.Handle(Request{Op: "list", Image: 1}, &collector{}); !errors.Is(err, wim.ErrChecksum) {
		t.Fatalf("list after settled: %v", err)
	}
}

// nested is a WIM of depth folders, one in another.
func nested(depth int) []byte {
	root := &wimtest.Entry{Name: "d", Dir: true}
	for e, i := root, 1; i < depth; i++ {
		c := &wimtest.Entry{Name: "d", Dir: true}
		e.Children = []*wimtest.Entry{c}
		e = c
	}
	return wimtest.Build(root)
}

// 10,000 nested folders open; one more level than wimlib's 16,384 is a
// typed error from settled, after the top was drawn.
func TestDeepTree(t *testing.T) {
	s := open(t, write(t, nested(10_000)))
	sum, _ := do[*view.ImageSummary](t, s, Request{Op: "settled", Image: 1})
	if sum.Dirs != 10_001 {
		t.Fatalf("%+v", sum)
	}
	s = open(t, write(t, nested(16_385)))
	if sum, _ := do[*view.ImageSummary](t, s, Request{Op: "image", Image: 1}); sum.Root.Children != 1 {
		t.Fatalf("%+v", sum)
	}
	_, err := s.Handle(Request{Op: "settled", Image: 1}, &collector{})
	var fe *inputerr.Error
	if !errors.As(err, &fe) {
		t.Fatalf("settled: %v", err)
	}
}

// pe answers with the file's version and signer, read from its data; a
// file that is not PE answers null.
func TestPE(t *testing.T) {
	s := open(t, "../../testvectors/pe.wim")
	shim := find(t, s, "Windows/Boot/EFI/shimx64.efi")
	pe, _ := do[*view.PE](t, s, Request{Op: "pe", Image: 1, Node: shim.ID})
	if pe == nil || pe.Machine != "x64" || len(pe.Signatures) != 2 || pe.Signatures[0].Signer == nil ||
		pe.Signatures[0].Signer.CN != "Microsoft Windows UEFI Driver Publisher" {
		t.Fatalf("shimx64.efi: %+v", pe)
	}
	k32 := find(t, s, "Windows/SysWOW64/kernel32.dll")
	if pe, _ = do[*view.PE](t, s, Request{Op: "pe", Image: 1, Node: k32.ID}); pe == nil || pe.Version == nil || pe.Version.FileVersion != "10.0.18362.1350" {
		t.Fatalf("kernel32.dll: %+v", pe)
	}
	if pe, _ = do[*view.PE](t, s, Request{Op: "pe", Image: 1, Node: find(t, s, "odd/text.dll").ID}); pe != nil {
		t.Fatalf("text.dll: %+v", pe)
	}
}

// The Windows tab asks the summary, then the whole report; the summary
// has no lists, the report has them.
func TestWindowsSummaryThenReport(t *testing.T) {
	s := open(t, "../../testvectors/windows-image/windows.wim")
	sum, _ := do[*view.WindowsReport](t, s, Request{Op: "windowsSummary", Image: 2})
	if sum.Version.Build == "" || len(sum.Disagreements) == 0 || len(sum.Packages.Packages) != 0 || len(sum.Boot.Files) == 0 {
		t.Fatalf("summary %+v", sum)
	}
	rep, _ := do[*view.WindowsReport](t, s, Request{Op: "windows", Image: 2})
	if rep.Version.Build != sum.Version.Build || len(rep.Packages.Packages) == 0 || len(rep.Services.Services) == 0 {
		t.Fatalf("report %+v", rep)
	}
	// Asked again, each is read anew.
	if again, _ := do[*view.WindowsReport](t, s, Request{Op: "windows", Image: 2}); len(again.Packages.Packages) != len(rep.Packages.Packages) {
		t.Fatalf("report again %+v", again)
	}
}
