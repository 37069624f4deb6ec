package main

import (
	"os"
	"syscall"
	"time"
	"unsafe"
)

// newFile creates the file p, which must not exist, for writing.
//
// Extraction makes a file for each of an image's tens of thousands, so
// each system call counts. An os.File would cost more: os.OpenFile
// offers every file to the network poller (an epoll_ctl and four fcntl
// calls each), os.NewFile still asks each whether it blocks, and times set
// by path (utimensat) make the kernel walk the path again. A bare
// descriptor needs open, the writes, futimens and close.
func newFile(p string, mode os.FileMode) (fileWriter, error) {
	path, err := syscall.BytePtrFromString(p)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: p, Err: err}
	}
	fd, _, errno := syscall.Syscall6(syscall.SYS_OPENAT, uintptr(atFDCWD), uintptr(unsafe.Pointer(path)),
		uintptr(syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC), uintptr(mode.Perm()), 0, 0)
	if errno != 0 {
		return nil, &os.PathError{Op: "open", Path: p, Err: errno}
	}
	return &fdFile{fd: int(fd), path: p}, nil
}

// atFDCWD makes openat take its path as open does (a variable: as a
// constant, -100 cannot become a uintptr).
var atFDCWD = -100

// fdFile is a new file written through its descriptor (see newFile).
type fdFile struct {
	fd   int
	path string
}

func (f *fdFile) Write(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		k, err := syscall.Write(f.fd, p[n:])
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return n, &os.PathError{Op: "write", Path: f.path, Err: err}
		}
		n += k
	}
	return n, nil
}

// SetTimes sets the file's access and write times through its descriptor
// (utimensat with no path is futimens), leaving a zero time as it is, as
// os.Chtimes does.
func (f *fdFile) SetTimes(atime, mtime time.Time) {
	ts := [2]syscall.Timespec{timespec(atime), timespec(mtime)}
	syscall.Syscall6(syscall.SYS_UTIMENSAT, uintptr(f.fd), 0, uintptr(unsafe.Pointer(&ts[0])), 0, 0, 0)
}

// utimeOmit asks utimensat to leave a time unchanged.
const utimeOmit = 1<<30 - 2

func timespec(t time.Time) syscall.Timespec {
	if t.IsZero() {
		return syscall.Timespec{Nsec: utimeOmit}
	}
	return syscall.NsecToTimespec(t.UnixNano())
}

func (f *fdFile) Close() error {
	if err := syscall.Close(f.fd); err != nil {
		return &os.PathError{Op: "close", Path: f.path, Err: err}
	}
	return nil
}
