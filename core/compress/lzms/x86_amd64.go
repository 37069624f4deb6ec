package lzms

// undoX86Loop is undoX86's loop from position p, in assembly
// (x86_amd64.s): it runs to the end of the data and returns where it
// stopped and the last place that looked like code. The Go loop took 9 %
// of extracting an ESD after the item loop became assembly.
//
//go:noescape
func undoX86Loop(data []byte, last *[65536]int32, base, p, lastX86 int) (int, int)
