package bulk

// Memory supplies the buffers Verify decodes into: a few per core, each as
// large as a span (a solid resource's chunk: 64 MiB in an ESD), kept for
// the whole pass and then freed. The default takes them from the Go heap.
// A host may supply memory its OS backs with huge pages (the CLI does on
// Linux): the first touch of each new page costs a fault, and for the two
// workers' 84 MiB each that was a tenth of verifying an ESD.
type Memory interface {
	// Alloc returns n bytes, of any content.
	Alloc(n int) []byte
	// Free takes back a buffer Alloc returned, which is not used again.
	Free(b []byte)
}

type heapMemory struct{}

func (heapMemory) Alloc(n int) []byte { return make([]byte, n) }
func (heapMemory) Free([]byte)        {}

var memory Memory = heapMemory{}

// SetMemory makes Verify take its buffers from m. Call it before any
// Verify starts.
func SetMemory(m Memory) { memory = m }
