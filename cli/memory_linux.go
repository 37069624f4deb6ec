package main

import (
	"sync"
	"syscall"
	"unsafe"

	"github.com/wimlens/wimlens/core/bulk"
)

// Verify decodes into a few buffers per core of up to 64 MiB (an ESD's
// chunks). Where transparent huge pages are left to madvise, the default
// of Debian and Ubuntu, Go's heap gets none, and each 4 KiB page costs a
// fault on first touch: a tenth of the time to verify an ESD here. Memory
// mapped for those buffers and marked MADV_HUGEPAGE takes a fault per
// 2 MiB instead.
func hostMemory() bulk.Memory { return &hugeMemory{mapped: map[*byte]int{}} }

// hugeMin is the smallest buffer worth a mapping of its own.
const hugeMin = 4 << 20

type hugeMemory struct {
	mu     sync.Mutex
	mapped map[*byte]int // what Alloc mapped, and its length, which Free unmaps
}

func (m *hugeMemory) Alloc(n int) []byte {
	if n >= hugeMin {
		b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if err == nil {
			syscall.Madvise(b, syscall.MADV_HUGEPAGE) // advice: ignored where unsupported
			m.mu.Lock()
			m.mapped[unsafe.SliceData(b)] = n
			m.mu.Unlock()
			return b
		}
	}
	return make([]byte, n)
}

func (m *hugeMemory) Free(b []byte) {
	p := unsafe.SliceData(b)
	m.mu.Lock()
	_, mapped := m.mapped[p]
	delete(m.mapped, p)
	m.mu.Unlock()
	if mapped {
		syscall.Munmap(b[:cap(b)])
	}
}

// hugePage is the size of the pages MADV_HUGEPAGE asks for on x86-64 and
// arm64 alike; releasing only whole ones keeps the others whole.
const hugePage = 2 << 20

// Release gives back the whole huge pages within b, part of a mapped
// buffer: a paced pass hands back each part of a chunk it is done with
// (see bulk.Releaser). The mapping stays; the pages come back zeroed when
// written again.
func (m *hugeMemory) Release(b []byte) {
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	hi := lo + uintptr(len(b))
	m.mu.Lock()
	inside := false
	for p, n := range m.mapped {
		start := uintptr(unsafe.Pointer(p))
		if lo >= start && hi <= start+uintptr(n) {
			inside = true
			break
		}
	}
	m.mu.Unlock()
	from, to := (lo+hugePage-1)&^(hugePage-1), hi&^(hugePage-1)
	if !inside || from >= to {
		return // Go's heap, or less than a page
	}
	syscall.Madvise(b[from-lo:to-lo], syscall.MADV_DONTNEED)
}
