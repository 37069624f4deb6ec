//go:build !wasm && !amd64

package lzms

// undoX86Loop leaves the filter to undoX86's own loop (see x86_amd64.go).
func undoX86Loop(_ []byte, _ *[65536]int32, _, p, lastX86 int) (int, int) { return p, lastX86 }
