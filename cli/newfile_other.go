//go:build !linux

package main

import (
	"os"
	"time"
)

// newFile creates the file p, which must not exist, for writing.
func newFile(p string, mode os.FileMode) (fileWriter, error) {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return nil, err
	}
	return &osFile{File: f}, nil
}

// osFile sets its times by path once closed, so that closing cannot
// change them.
type osFile struct {
	*os.File
	atime, mtime time.Time
	timed        bool
}

func (f *osFile) SetTimes(atime, mtime time.Time) { f.atime, f.mtime, f.timed = atime, mtime, true }

func (f *osFile) Close() error {
	err := f.File.Close()
	if err == nil && f.timed {
		_ = os.Chtimes(f.Name(), f.atime, f.mtime)
	}
	return err
}
