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

// Sum is the SHA-1 of b, by Go's crypto/sha1.
func Sum(b []byte) SHA1 { return sha1.Sum(b) }

// Hasher computes SHA-1s. Go's serves everywhere, but on js/wasm it is
// portable code, several times slower than a host's own: the browser's
// WebCrypto (wasm/jsbridge), Node's crypto for the CLI built for js/wasm.
// A host hands its Hasher to what hashes much (wim.OpenWith, bulk.Options)
// rather than replacing Go's for the whole process. Its methods must be
// safe to call from several goroutines.
type Hasher interface {
	// Sum is the SHA-1 of b.
	Sum(b []byte) SHA1
	// SumAll sets sums[i] to the SHA-1 of bufs[i], for every i. Verify
	// hashes most blobs (small files) this way, a batch at a time: a host
	// whose SHA-1 sits behind a costly call hashes a batch in one.
	SumAll(bufs [][]byte, sums []SHA1)
	// New returns a hash for data that comes in pieces.
	New() hash.Hash
}

// Go is Go's own SHA-1 (crypto/sha1) as a Hasher.
type Go struct{}

func (Go) Sum(b []byte) SHA1 { return sha1.Sum(b) }

func (Go) SumAll(bufs [][]byte, sums []SHA1) {
	for i, b := range bufs {
		sums[i] = sha1.Sum(b)
	}
}

func (Go) New() hash.Hash { return sha1.New() }

// Or is h, or Go's when h is nil: what a zero Options means.
func Or(h Hasher) Hasher {
	if h == nil {
		return Go{}
	}
	return h
}
