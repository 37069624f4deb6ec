package wim

// SetMaxChunk lets fuzzing keep decompression buffers small.
func SetMaxChunk(n int64) { maxChunkAlloc = n }

// ResourcesBuilt counts the non-solid blobs whose resource has been made.
func ResourcesBuilt(a *Archive) int {
	n := 0
	for _, b := range a.Blobs() {
		if !b.solid && b.res != nil {
			n++
		}
	}
	return n
}

// BlobsDecoded counts the blob table entries decoded into Blobs so far.
func BlobsDecoded(a *Archive) int {
	n := 0
	for _, t := range a.tables {
		for i := range t.chunks {
			if c := t.chunks[i].Load(); c != nil {
				for j := range c {
					if c[j].ready.Load() {
						n++
					}
				}
			}
		}
	}
	return n
}
