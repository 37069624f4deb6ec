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
func VerifiedStream(f *meta.File, name string, h digest.Hasher) (io.Reader, error) {
	r, err := f.OpenStream(name)
	if err != nil {
		return nil, err
	}
	var want digest.SHA1
	for _, s := range f.Streams {
		if s.Type == meta.StreamData && s.Name == name {
			want = s.Hash
			break
		}
	}
	if want.IsZero() {
		return r, nil // no data, nothing to check
	}
	return &verified{r: r, h: digest.Or(h).New(), want: want, path: f.Path()}, nil
}

type verified struct {
	r    io.Reader
	h    hash.Hash
	want digest.SHA1
	path string
}

func (v *verified) Read(b []byte) (int, error) {
	n, err := v.r.Read(b)
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
