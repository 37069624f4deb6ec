//go:build !wasm

package le

import "encoding/binary"

// Uint64 is b[:8] as a little-endian word.
func Uint64(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }

// PutUint64 stores v in b[:8], little-endian.
func PutUint64(b []byte, v uint64) { binary.LittleEndian.PutUint64(b, v) }

// Uint32 is b[:4] as a little-endian word.
func Uint32(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }

// PutUint32 stores v in b[:4], little-endian.
func PutUint32(b []byte, v uint32) { binary.LittleEndian.PutUint32(b, v) }
