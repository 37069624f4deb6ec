//go:build !wasm

package lzms

// undoX86Loop leaves the filter to undoX86's own loop, which the compiler
// turns into good code here (see x86_wasm.go).
func undoX86Loop(_ []byte, _ *[65536]int32, _, p, lastX86 int) (int, int) { return p, lastX86 }
