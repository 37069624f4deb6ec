// Package digest names WIM blobs: every blob is identified by the SHA-1 of
// its uncompressed bytes, and the all-zero value means "no data".
package digest

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"hash"
)

// Size is the length of a SHA-1 digest in bytes.
const Size = 20

// SHA1 is a blob's name as the blob table and directory entries store it.
type SHA1 [Size]byte

// IsZero reports whether h is the all-zero digest, which WIM uses for empty
// streams and directories.
func (h SHA1) IsZero() bool { return h == SHA1{} }

// String is the lowercase hex form that wimlib prints (without its "0x").
func (h SHA1) String() string { return hex.EncodeToString(h[:]) }

// MarshalText lets SHA1 appear as hex in JSON and XML.
func (h SHA1) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText accepts 40 hex digits, with or without a "0x" prefix.
func (h *SHA1) UnmarshalText(b []byte) error {
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*h = p
	return nil
}

// Parse reads 40 hex digits, with or without a "0x" prefix.
func Parse(s string) (SHA1, error) {
	if len(s) == 2+2*Size && (s[:2] == "0x" || s[:2] == "0X") {
		s = s[2:]
	}
	var h SHA1
	if len(s) != 2*Size {
		return h, fmt.Errorf("digest: %q is not 40 hex digits", s)
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return h, fmt.Errorf("digest: %q: %w", s, err)
	}
	return h, nil
}

// sum hashes whole buffers. Go's SHA-1 is portable code on js/wasm, several
// times slower than the browser's own, so the browser engine installs
// WebCrypto's with SetSum.
var sum = func(b []byte) SHA1 { return sha1.Sum(b) }

// Sum is the SHA-1 of b.
func Sum(b []byte) SHA1 { return sum(b) }

// SetSum replaces the function Sum uses. It must be called before any
// hashing starts, and f must be safe to call from several goroutines.
func SetSum(f func([]byte) SHA1) { sum = f }

// sumAll hashes many buffers at once; by default, one at a time.
var sumAll = func(bufs [][]byte, sums []SHA1) {
	for i, b := range bufs {
		sums[i] = Sum(b)
	}
}

// SumAll sets sums[i] to the SHA-1 of bufs[i], for every i. Verify hashes
// most blobs (small files) this way, a batch at a time: a host whose SHA-1
// sits behind a costly call, such as Node's for the CLI built for js/wasm,
// hashes a batch in one call with SetSumAll.
func SumAll(bufs [][]byte, sums []SHA1) { sumAll(bufs, sums[:len(bufs)]) }

// SetSumAll replaces the function SumAll uses, under SetSum's rules.
func SetSumAll(f func(bufs [][]byte, sums []SHA1)) { sumAll = f }

// newHash makes a SHA-1 for data that comes in pieces; the CLI built for
// js/wasm installs Node's with SetNew, as it does with SetSum.
var newHash = sha1.New

// New returns a SHA-1 hash.Hash, for data that comes in pieces.
func New() hash.Hash { return newHash() }

// SetNew replaces the function New uses, under SetSum's rules.
func SetNew(f func() hash.Hash) { newHash = f }
