package wim

// SetMaxChunk lets fuzzing keep decompression buffers small.
func SetMaxChunk(n int64) { maxChunkAlloc = n }

// SetSpanBytes makes Verify's spans at most n bytes, until restore.
func SetSpanBytes(n int64) (restore func()) {
	old := spanBytes
	spanBytes = n
	return func() { spanBytes = old }
}
