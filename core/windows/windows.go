// Package windows answers what Windows an image holds, from the image's own
// files rather than the WIM's XML (a summary written at capture, often
// stale): the SOFTWARE and SYSTEM hives, the servicing manifests, the INF
// files of the drivers, the provisioned apps, the PE files of the kernel
// and of the boot path, and the recovery image (Winre.wim), opened where it
// lies inside the image.
//
// It reads only the files it needs, through each file's io.ReaderAt (the
// archive's chunk cache): a hive is read key by key, never whole. Each
// section of the report stands alone: what cannot be read is that
// section's error, and the others are still reported. Work is bounded:
// Limits caps how many files of a kind are read.
package windows

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"

	"github.com/wimlens/wimlens/core/hive"
	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
)

// Limits bounds the work of a report. The defaults are above what real
// images hold (an install image has a few thousand package manifests and
// under a thousand driver packages) and below what makes a report slow.
type Limits struct {
	Manifests int   // .mum files read
	INFs      int   // INF files read
	Bytes     int64 // of INF and .mum files together
	Keys      int   // registry keys listed per list (packages, services, apps)
}

// DefaultLimits are the limits Report uses.
var DefaultLimits = Limits{Manifests: 4000, INFs: 2000, Bytes: 256 << 20, Keys: 50000}

// Paths of the files read, below the system root (Windows).
const (
	softwarePath = `System32\config\SOFTWARE`
	systemPath   = `System32\config\SYSTEM`
	winrePath    = `System32\Recovery\Winre.wim`
)

// Report describes image n of a, whose tree is img.
func Report(a *wim.Archive, n int, img *meta.Image) view.WindowsReport {
	return ReportWith(a, n, img, DefaultLimits)
}

// ReportWith is Report with other limits.
func ReportWith(a *wim.Archive, n int, img *meta.Image, lim Limits) view.WindowsReport {
	return NewReading(a, n, img, lim).Report()
}

// A Reading reads one image's report in two steps, so that a page can
// show the summary before the lists, which take longer: Summary reads
// the version, languages, architecture, boot files and WinRE, and where
// the XML disagrees (a few registry keys and files); Report adds the
// packages, drivers, services and apps (every key of a list, every .mum
// and INF). Its methods are not safe for concurrent use.
type Reading struct {
	r               *reader
	xml             *wim.WindowsInfo
	soft, sys       *hive.Hive
	softErr, sysErr error
	rep             view.WindowsReport
	summarized      bool
}

// NewReading starts reading image n of a, whose tree is img; nothing is
// read until Summary or Report.
func NewReading(a *wim.Archive, n int, img *meta.Image, lim Limits) *Reading {
	xml := XML(a, n)
	return &Reading{r: &reader{img: img, lim: lim, root: SystemRoot(img, xml)}, xml: xml, rep: view.WindowsReport{Image: n}}
}

// XML is the WINDOWS element of image n's XML, nil when it has none.
func XML(a *wim.Archive, n int) *wim.WindowsInfo {
	for _, im := range a.Info.Images {
		if im.Index == n {
			return im.Windows
		}
	}
	return nil
}

// Summary is the report without its lists: their sections are empty.
func (g *Reading) Summary() view.WindowsReport {
	if !g.summarized {
		r := g.r
		g.soft, g.softErr = r.hive(softwarePath, "SOFTWARE")
		g.sys, g.sysErr = r.hive(systemPath, "SYSTEM")
		g.rep.Version = r.version(g.soft, g.softErr)
		g.rep.Languages = r.languages(g.sys, g.sysErr)
		g.rep.Architecture = r.architecture()
		g.rep.Boot = r.boot()
		g.rep.WinRE = r.winre()
		g.rep.Disagreements = r.disagreements(g.xml, &g.rep)
		g.summarized = true
	}
	rep := g.rep
	rep.Packages = view.WinPackages{Packages: []view.WinPackage{}}
	rep.Drivers = view.WinDrivers{Drivers: []view.WinDriver{}}
	rep.Services = view.WinServices{Services: []view.WinService{}}
	rep.Apps = view.WinApps{Apps: []view.WinApp{}}
	rep.Read = g.r.read
	return rep
}

// File finds a file below the image's system root (path's names
// separated by `\`, ignoring case), as the report finds the files it
// reads; nil when the image lacks it.
func (g *Reading) File(path string) *meta.File { return g.r.sys(path) }

// Hives are the registry hives the report reads: their names and their
// paths below the system root.
var Hives = [...]struct{ Name, Path string }{{"SOFTWARE", softwarePath}, {"SYSTEM", systemPath}}

// Report is the whole report: the summary (read now if it was not) and
// the lists.
func (g *Reading) Report() view.WindowsReport {
	g.Summary()
	r, rep := g.r, g.rep
	rep.Packages = r.packages(g.soft, g.softErr)
	rep.Drivers = r.drivers()
	rep.Services = r.services(g.sys, g.sysErr)
	rep.Apps = r.apps(g.soft, g.softErr)
	rep.Read = r.read
	return rep
}

// reader finds and reads the image's files, counting what it reads.
type reader struct {
	img  *meta.Image
	root string // the system root's name as the image holds it; "" when none
	lim  Limits
	read view.WinRead
	used int64 // bytes of INF and .mum files read, against lim.Bytes

	machine    uint16 // the kernel's PE machine, for the XML's ARCH
	hasMachine bool
}

// SystemRoot is the name of the directory Windows lives in, as the image
// holds it: the XML's SYSTEMROOT when the image has it, else Windows; ""
// when it has neither.
func SystemRoot(img *meta.Image, xml *wim.WindowsInfo) string {
	for _, name := range []string{xmlRoot(xml), "Windows"} {
		if f := child(img.Root, name); name != "" && f != nil && f.IsDir() {
			return f.Name
		}
	}
	return ""
}

func xmlRoot(xml *wim.WindowsInfo) string {
	if xml == nil {
		return ""
	}
	return xml.SystemRoot
}

// child finds a directory's entry by name, ignoring case as Windows does.
func child(dir *meta.File, name string) *meta.File {
	if dir == nil {
		return nil
	}
	for _, c := range dir.Children() {
		if strings.EqualFold(c.Name, name) {
			return c
		}
	}
	return nil
}

// Lookup finds a path (names separated by `\`) below dir, ignoring case.
func Lookup(dir *meta.File, path string) *meta.File {
	for _, name := range strings.Split(path, `\`) {
		if dir = child(dir, name); dir == nil {
			return nil
		}
	}
	return dir
}

// sys finds a path below the system root.
func (r *reader) sys(path string) *meta.File {
	if r.root == "" {
		return nil
	}
	return Lookup(r.img.Root, r.root+`\`+path)
}

// display is how a path below the system root is shown: as found, or as
// looked for.
func (r *reader) display(path string) string {
	root := r.root
	if root == "" {
		root = "Windows"
	}
	if f := r.sys(path); f != nil {
		return winPath(f)
	}
	return root + `\` + path
}

// winPath is a file's path in Windows' form, without a leading `\`.
func winPath(f *meta.File) string {
	return strings.ReplaceAll(strings.TrimPrefix(f.Path(), "/"), "/", `\`)
}

// errNotInImage says a file the report looks for is not in the image.
type errNotInImage struct{ path string }

func (e *errNotInImage) Error() string { return e.path + " is not in the image" }

// ErrNotFound is what errors about files missing from the image wrap.
var ErrNotFound = errors.New("not in the image")

func (e *errNotInImage) Unwrap() error { return ErrNotFound }

// ErrUnexpected is the kind of a file or value that is not what Windows
// keeps there: a folder where a hive should be, a control set that does
// not exist, a Winre.wim of no image.
var ErrUnexpected = errors.New("not as Windows keeps it")

// style is how the report's own errors read: the file or value at fault
// is the subject of the sentence (`SYSTEM\Select\Current is 0, ...`).
var style = inputerr.Style{Unsaid: true, Subject: true}

// unexpected is a file or value, named by field, that is not what
// Windows keeps there: of kind ErrUnexpected, or hive.ErrWrongType for a
// value of a type the report does not show.
func unexpected(kind error, field, format string, args ...any) error {
	return &inputerr.Error{Kind: kind, Field: field, Offset: -1, Detail: fmt.Sprintf(format, args...), Style: style}
}

// tooLarge is a file of size bytes the report does not read, past max,
// the cap of its reader, whose ErrTooLarge is kind; field names the file
// when the error is not shown beside its path.
func tooLarge(field string, size int64, kind error, max int) *inputerr.Error {
	return &inputerr.Error{Kind: kind, Field: field, Offset: -1,
		Detail: fmt.Sprintf("%s (%d bytes; at most %d are read)", kind, size, max), Style: inputerr.Style{Unsaid: true}}
}

// open gives a file's data as a counting io.ReaderAt, and its size.
func (r *reader) open(f *meta.File) (io.ReaderAt, int64, error) {
	if f.IsDir() {
		return nil, 0, unexpected(ErrUnexpected, winPath(f), "is a directory")
	}
	s, err := f.Open()
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", winPath(f), err)
	}
	r.read.Files++
	return &counting{s, &r.read.Bytes}, s.Size(), nil
}

// readAll reads a whole small file (an INF, a .mum, the provisioning
// list) whose size the caller has checked.
func (r *reader) readAll(f *meta.File) ([]byte, error) {
	ra, size, err := r.open(f)
	if err != nil {
		return nil, err
	}
	b := make([]byte, size)
	if n, err := ra.ReadAt(b, 0); n < len(b) {
		return nil, fmt.Errorf("%s: %w", winPath(f), err)
	}
	return b, nil
}

// counting adds what is read through it to n, atomically: opening a
// WIM inside the image reads its XML on a goroutine of its own.
type counting struct {
	r io.ReaderAt
	n *int64
}

func (c *counting) ReadAt(p []byte, off int64) (int, error) {
	k, err := c.r.ReadAt(p, off)
	atomic.AddInt64(c.n, int64(k))
	return k, err
}

func describe(err error) *view.ErrorInfo {
	if err == nil {
		return nil
	}
	return view.DescribeError(err)
}
