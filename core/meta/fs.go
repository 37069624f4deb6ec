package meta

import (
	"io"
	"io/fs"
	"time"
)

// Open implements fs.FS: paths are slash-separated, unrooted, "." for the
// root. Directories implement fs.ReadDirFile; files read their unnamed
// stream and also implement io.Seeker and io.ReaderAt.
func (img *Image) Open(name string) (fs.File, error) {
	f, err := img.lookupFS("open", name)
	if err != nil {
		return nil, err
	}
	if f.IsDir() {
		return &openDir{f: f}, nil
	}
	r, err := f.Open()
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &openFile{SectionReader: r, f: f}, nil
}

// Stat implements fs.StatFS.
func (img *Image) Stat(name string) (fs.FileInfo, error) {
	f, err := img.lookupFS("stat", name)
	if err != nil {
		return nil, err
	}
	return FileInfo{f}, nil
}

// ReadDir implements fs.ReadDirFS.
func (img *Image) ReadDir(name string) ([]fs.DirEntry, error) {
	f, err := img.lookupFS("readdir", name)
	if err != nil {
		return nil, err
	}
	if !f.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	return dirEntries(f.children), nil
}

func (img *Image) lookupFS(op, name string) (*File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return img.Root, nil
	}
	f, err := img.Lookup(name)
	if err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	}
	return f, nil
}

func dirEntries(files []*File) []fs.DirEntry {
	out := make([]fs.DirEntry, len(files))
	for i, c := range files {
		out[i] = fs.FileInfoToDirEntry(FileInfo{c})
	}
	return out
}

// FileInfo is a File as fs.FileInfo; Sys returns the *File.
type FileInfo struct{ F *File }

func (i FileInfo) Name() string {
	if i.F.Parent == nil {
		return "."
	}
	return i.F.Name
}
func (i FileInfo) Size() int64        { return i.F.Size() }
func (i FileInfo) ModTime() time.Time { return i.F.LastWrite.Time() }
func (i FileInfo) IsDir() bool        { return i.F.IsDir() }
func (i FileInfo) Sys() any           { return i.F }

// Mode maps Windows attributes onto fs modes: directories, reparse points
// as symlinks, read-only files without write bits.
func (i FileInfo) Mode() fs.FileMode {
	m := fs.FileMode(0o644)
	if i.F.Attributes&AttrReadOnly != 0 {
		m = 0o444
	}
	if i.F.IsDir() {
		m |= fs.ModeDir | 0o111
	}
	if i.F.Attributes&AttrReparsePoint != 0 {
		m |= fs.ModeSymlink
	}
	return m
}

type openFile struct {
	*io.SectionReader
	f *File
}

func (o *openFile) Stat() (fs.FileInfo, error) { return FileInfo{o.f}, nil }
func (o *openFile) Close() error               { return nil }

type openDir struct {
	f   *File
	pos int
}

func (d *openDir) Stat() (fs.FileInfo, error) { return FileInfo{d.f}, nil }
func (d *openDir) Close() error               { return nil }
func (d *openDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.f.Path(), Err: fs.ErrInvalid}
}

// ReadDir follows fs.ReadDirFile: n > 0 reads in batches and ends with io.EOF.
func (d *openDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.f.children[d.pos:]
	if n <= 0 {
		d.pos = len(d.f.children)
		return dirEntries(rest), nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	rest = rest[:min(n, len(rest))]
	d.pos += len(rest)
	return dirEntries(rest), nil
}
