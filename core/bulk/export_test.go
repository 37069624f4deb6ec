package bulk

// SetSpanBytes makes Verify's spans at most n bytes, until restore.
func SetSpanBytes(n int64) (restore func()) {
	old := spanBytes
	spanBytes = n
	return func() { spanBytes = old }
}
