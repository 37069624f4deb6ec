package wim

// SetMaxChunk lets fuzzing keep decompression buffers small.
func SetMaxChunk(n int64) { maxChunkAlloc = n }
