package windows

import (
	"fmt"
	"io"

	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
)

// winre opens the recovery image where it lies, through the outer image's
// reader of its data, and reads its first image's version the way the
// outer one is read. Only the version is read in it: a Winre.wim inside
// the recovery image is never opened, so nesting goes one level deep.
func (r *reader) winre() view.WinRE {
	out := view.WinRE{Path: r.display(winrePath), Fields: []view.WinField{}}
	f := r.sys(winrePath)
	if f == nil {
		return out
	}
	out.Present, out.Size = true, f.Size()
	ra, size, err := r.open(f)
	if err == nil {
		err = r.readWinRE(ra, size, &out)
	}
	if err != nil {
		out.Error = describe(fmt.Errorf("%s: %w", out.Path, err))
	}
	return out
}

func (r *reader) readWinRE(ra io.ReaderAt, size int64, out *view.WinRE) error {
	a, err := wim.Open(ra, size)
	if err != nil {
		return err
	}
	if a.ImageCount() < 1 {
		return unexpected(ErrUnexpected, "", "it holds no image")
	}
	out.Image = 1
	img, err := a.Image(1)
	if err != nil {
		return err
	}
	// What the inner reader reads is read through ra, and counted there.
	inner := &reader{img: img, lim: r.lim, root: SystemRoot(img, XML(a, 1))}
	h, err := inner.hive(softwarePath, "SOFTWARE")
	if err == nil {
		out.Fields, out.Build, err = inner.versionFields(h, softwarePath)
		for i := range out.Fields {
			out.Fields[i].Source.File = out.Path + ` > ` + out.Fields[i].Source.File
		}
	}
	return err
}
