package lzms

// undoX86Loop is undoX86's loop from position p, in assembly
// (x86_wasm.s): it runs to the end of the data and returns where it
// stopped and the last place that looked like code. Under Node the Go
// loop took 5 % of an ESD's verify.
//
//go:noescape
func undoX86Loop(data []byte, last *[65536]int32, base, p, lastX86 int) (int, int)
