package main

import (
	"io"
	"os"
	"path/filepath"

	"github.com/wimlens/wimlens/core/export"
	"github.com/wimlens/wimlens/core/meta"
)

// diskSink writes an export into a directory. Export has already refused
// every unsafe name, so entry paths stay below root; the sink adds that
// nothing already on disk is written through: an existing directory is
// used only if it is a real one (not a symlink), and an existing file or
// symlink where a file goes is replaced, never followed.
type diskSink struct {
	root string
	buf  []byte
	dirs []export.Entry // their times are set once their contents are written
}

func newDiskSink(root string) *diskSink {
	return &diskSink{root: root, buf: make([]byte, 1<<20)}
}

func (d *diskSink) target(path string) string {
	return filepath.Join(d.root, filepath.FromSlash(path))
}

func (d *diskSink) Dir(e export.Entry) error {
	p := d.target(e.Path)
	if err := os.Mkdir(p, 0o755); err != nil {
		if st, lerr := os.Lstat(p); lerr != nil || !st.IsDir() {
			return err
		}
	}
	d.dirs = append(d.dirs, e)
	return nil
}

// File writes a file; a hard link to a file written earlier in the export
// becomes a hard link on disk too (as wimlib extracts them), or a copy
// where the file system cannot link.
func (d *diskSink) File(e export.Entry, data io.Reader) error {
	p := d.target(e.Path)
	if st, err := os.Lstat(p); err == nil && !st.IsDir() {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	if e.LinkOf != "" && os.Link(d.target(e.LinkOf), p) == nil {
		return nil
	}
	mode := os.FileMode(0o644)
	if e.File.Attributes&meta.AttrReadOnly != 0 {
		mode = 0o444
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	_, err = io.CopyBuffer(f, data, d.buf)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(p) // a damaged or cut-short file is not left looking whole
		return err
	}
	setTimes(p, e.File)
	return nil
}

// finish sets the directories' times, deepest first, now that writing
// into them is over.
func (d *diskSink) finish() {
	for i := len(d.dirs) - 1; i >= 0; i-- {
		setTimes(d.target(d.dirs[i].Path), d.dirs[i].File)
	}
}

// setTimes copies the entry's access and write times. It is best effort:
// some file systems refuse times a WIM may hold (1601, far future), and
// that is no reason to stop an extraction.
func setTimes(path string, f *meta.File) {
	_ = os.Chtimes(path, f.LastAccess.Time(), f.LastWrite.Time())
}
