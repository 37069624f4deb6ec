//go:build !linux

package main

import "github.com/wimlens/wimlens/core/bulk"

// Elsewhere Verify's buffers come from the Go heap.
func hostMemory() bulk.Memory { return nil }
