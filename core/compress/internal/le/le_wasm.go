//go:build wasm

package le

import "unsafe"

// The index expressions check the bounds, as encoding/binary's do, before
// the pointer is read or written.

// Uint64 is b[:8] as a little-endian word.
func Uint64(b []byte) uint64 { return *(*uint64)(unsafe.Pointer(&b[:8][0])) }

// PutUint64 stores v in b[:8], little-endian.
func PutUint64(b []byte, v uint64) { *(*uint64)(unsafe.Pointer(&b[:8][0])) = v }

// Uint32 is b[:4] as a little-endian word.
func Uint32(b []byte) uint32 { return *(*uint32)(unsafe.Pointer(&b[:4][0])) }

// PutUint32 stores v in b[:4], little-endian.
func PutUint32(b []byte, v uint32) { *(*uint32)(unsafe.Pointer(&b[:4][0])) = v }
