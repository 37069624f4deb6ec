package bulk

// SetSpanBytes makes Verify's spans at most n bytes, until restore.
func SetSpanBytes(n int64) (restore func()) {
	old := spanBytes
	spanBytes = n
	return func() { spanBytes = old }
}

// SetPacing paces spans of at least min bytes, each after the oldest
// holding share of one, releasing after every step bytes of blobs, and
// telling seen what the spans hold each time one goes on decoding; until
// restore.
func SetPacing(min int64, share float64, step int64, seen func(resident int64)) (restore func()) {
	oldMin, oldShare, oldStep, oldSeen := pacedMin, pacedShare, releaseStep, paceSeen
	pacedMin, pacedShare, releaseStep, paceSeen = min, share, step, seen
	return func() { pacedMin, pacedShare, releaseStep, paceSeen = oldMin, oldShare, oldStep, oldSeen }
}
