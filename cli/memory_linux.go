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
func hostMemory() bulk.Memory { return &hugeMemory{mapped: map[*byte]bool{}} }

// hugeMin is the smallest buffer worth a mapping of its own.
const hugeMin = 4 << 20

type hugeMemory struct {
	mu     sync.Mutex
	mapped map[*byte]bool // what Alloc mapped, which Free unmaps
}

func (m *hugeMemory) Alloc(n int) []byte {
	if n >= hugeMin {
		b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if err == nil {
			syscall.Madvise(b, syscall.MADV_HUGEPAGE) // advice: ignored where unsupported
			m.mu.Lock()
			m.mapped[unsafe.SliceData(b)] = true
			m.mu.Unlock()
			return b
		}
	}
	return make([]byte, n)
}

func (m *hugeMemory) Free(b []byte) {
	p := unsafe.SliceData(b)
	m.mu.Lock()
	mapped := m.mapped[p]
	delete(m.mapped, p)
	m.mu.Unlock()
	if mapped {
		syscall.Munmap(b[:cap(b)])
	}
}
