package export

import (
	"fmt"
	"hash"
	"io"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

// VerifiedStream reads f's data stream named name ("" for the unnamed
// one) and checks it against the SHA-1 the image records: reading the last
// byte returns, instead of io.EOF, an error wrapping wim.ErrChecksum when
// the bytes differ. Reading blobs does not check them otherwise, and a
// damaged file should not be written out as if it were whole. h hashes
// it; nil is Go's SHA-1.
func VerifiedStream(f *meta.File, name string, h digest.Hasher) (*Verified, error) {
	r, err := f.OpenStream(name)
	if err != nil {
		return nil, err
	}
	v := &Verified{r: r, path: f.Path()}
	for _, s := range f.Streams {
		if s.Type == meta.StreamData && s.Name == name {
			v.want = s.Hash
			break
		}
	}
	if !v.want.IsZero() { // else no data, nothing to check
		v.h = digest.Or(h).New()
	}
	return v, nil
}

// Verified is a data stream read in order and checked at its end (see
// VerifiedStream).
type Verified struct {
	r    *io.SectionReader
	h    hash.Hash // nil when there is nothing to check
	want digest.SHA1
	path string
}

// Size is the stream's length.
func (v *Verified) Size() int64 { return v.r.Size() }

func (v *Verified) Read(b []byte) (int, error) {
	n, err := v.r.Read(b)
	if v.h == nil {
		return n, err
	}
	v.h.Write(b[:n])
	if err == io.EOF {
		var got digest.SHA1
		v.h.Sum(got[:0])
		if got != v.want {
			return n, &inputerr.Error{Kind: wim.ErrChecksum, Field: v.path, Offset: -1,
				Detail: fmt.Sprintf("data hashes to %s, the image records %s", got, v.want)}
		}
	}
	return n, err
}
