//go:build !linux

package main

import "os"

// newFile creates the file p, which must not exist, for writing.
func newFile(p string, mode os.FileMode) (*os.File, error) {
	return os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
}
