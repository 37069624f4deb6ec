package bulk

import "github.com/wimlens/wimlens/core/digest"

// Options are what a host gives the engine, by the caller that starts
// each pass (the CLI, the web worker's api, export); the zero value
// serves: Go's SHA-1 and buffers from the Go heap. They replace hooks
// once set for the whole process.
type Options struct {
	// Hasher hashes the blobs: most of them a batch at a time (SumAll),
	// those read in pieces with New. A host whose SHA-1 is faster than
	// Go's on js/wasm gives its own (WebCrypto in the browser, Node's
	// crypto for the CLI).
	Hasher digest.Hasher
	// Memory supplies the buffers spans are decoded into.
	Memory Memory
}

// resolved is o with its defaults filled in.
func (o Options) resolved() Options {
	o.Hasher = digest.Or(o.Hasher)
	if o.Memory == nil {
		o.Memory = heapMemory{}
	}
	return o
}

// Memory supplies the buffers the engine decodes into: a few per core, each as
// large as a span (a solid resource's chunk: 64 MiB in an ESD), kept for
// the whole pass and then freed. The default takes them from the Go heap.
// A host may supply memory its OS backs with huge pages (the CLI does on
// Linux): the first touch of each new page costs a fault, and for the two
// workers' 84 MiB each that was a tenth of verifying an ESD. A Memory
// that is also a Releaser lets extraction give back the pages of a
// chunk it is done with (see pace.go).
type Memory interface {
	// Alloc returns n bytes, of any content.
	Alloc(n int) []byte
	// Free takes back a buffer Alloc returned, which is not used again.
	Free(b []byte)
}

type heapMemory struct{}

func (heapMemory) Alloc(n int) []byte { return make([]byte, n) }
func (heapMemory) Free([]byte)        {}
