package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/wimlens/wimlens/core/export"
	"github.com/wimlens/wimlens/core/meta"
)

// diskSink writes an export into a directory. Export has already refused
// every unsafe name, so entry paths stay below root; the sink adds that
// nothing already on disk is written through: an existing directory is
// used only if it is a real one (not a symlink), and an existing file or
// symlink where a file goes is replaced, never followed. Export hands it
// file data from several goroutines at once, each file's bytes in order,
// and they go straight to the file: nothing is held in memory.
type diskSink struct {
	root string
	dirs []export.Entry // their times are set once their contents are written
}

func newDiskSink(root string) *diskSink { return &diskSink{root: root} }

func (d *diskSink) target(path string) string {
	return filepath.Join(d.root, filepath.FromSlash(path))
}

// maxNameBytes is the longest name Linux file systems take (NAME_MAX);
// NTFS takes 255 UTF-16 units, which an image's names may exceed in bytes.
const maxNameBytes = 255

// CheckName implements export.NameChecker: a name too long to create is
// refused in the plan, so that the rest is still written.
func (d *diskSink) CheckName(name string) error {
	if len(name) > maxNameBytes {
		return fmt.Errorf("the name is %d bytes long, more than the %d a file system takes", len(name), maxNameBytes)
	}
	return nil
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

// Files writes the first of es as the bytes come; the others are made
// once it is whole: a hard link to a file written earlier in the export
// becomes a hard link on disk too (as wimlib extracts them), any other
// file a copy, as is a link where the file system cannot link.
func (d *diskSink) Files(es []export.Entry, size int64) (export.Content, error) {
	f, err := create(d.target(es[0].Path), &es[0])
	if err != nil {
		return nil, err
	}
	return &diskFiles{d: d, es: es, f: f}, nil
}

type diskFiles struct {
	d  *diskSink
	es []export.Entry
	f  fileWriter
}

// fileWriter is a new file being written (see newFile).
type fileWriter interface {
	io.WriteCloser
	// SetTimes sets the times once the bytes are written, best effort.
	SetTimes(atime, mtime time.Time)
}

func (c *diskFiles) Write(p []byte) error {
	_, err := c.f.Write(p)
	return err
}

func (c *diskFiles) Close(failed error) error {
	first := c.d.target(c.es[0].Path)
	if failed == nil {
		c.f.SetTimes(c.es[0].LastAccess.Time(), c.es[0].LastWrite.Time())
	}
	err := c.f.Close()
	if failed != nil || err != nil {
		os.Remove(first) // a damaged or cut-short file is not left looking whole
		return err
	}
	for _, e := range c.es[1:] {
		p := c.d.target(e.Path)
		if err := clearPath(p); err != nil {
			return err
		}
		if e.LinkOf == "" || os.Link(c.d.target(e.LinkOf), p) != nil {
			if err := copyFile(first, p, &e); err != nil {
				return err
			}
		}
		setTimes(p, &e)
	}
	return nil
}

// clearPath removes what is at p unless it is a directory.
func clearPath(p string) error {
	if st, err := os.Lstat(p); err == nil && !st.IsDir() {
		return os.Remove(p)
	}
	return nil
}

// create makes the new file p for e, clearing the way if something is
// there: only then, as a look first would cost every file a system call.
func create(p string, e *export.Entry) (fileWriter, error) {
	file, err := newFile(p, fileMode(e))
	if errors.Is(err, fs.ErrExist) {
		if err := clearPath(p); err != nil {
			return nil, err
		}
		file, err = newFile(p, fileMode(e))
	}
	return file, err
}

func fileMode(e *export.Entry) os.FileMode {
	if e.Attributes&meta.AttrReadOnly != 0 {
		return 0o444
	}
	return 0o644
}

// copyFile copies the file from into the new file to, whose path is clear,
// through os.File: the OS then copies without reading the bytes into the
// process (copy_file_range). Copies are few, so its costs per file do not
// count here (see newFile).
func copyFile(from, to string, e *export.Entry) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fileMode(e))
	if err != nil {
		return err
	}
	_, err = io.Copy(dst, src)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(to)
	}
	return err
}

// finish sets the directories' times, deepest first, now that writing
// into them is over.
func (d *diskSink) finish() {
	for i := len(d.dirs) - 1; i >= 0; i-- {
		setTimes(d.target(d.dirs[i].Path), &d.dirs[i])
	}
}

// setTimes copies the entry's access and write times. It is best effort:
// some file systems refuse times a WIM may hold (1601, far future), and
// that is no reason to stop an extraction.
func setTimes(path string, e *export.Entry) {
	_ = os.Chtimes(path, e.LastAccess.Time(), e.LastWrite.Time())
}
