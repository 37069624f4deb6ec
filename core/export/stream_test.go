package export

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// A stream whose bytes do not hash to the name the image records fails
// at its end with ErrChecksum, naming the file.
func TestVerifiedStreamMismatch(t *testing.T) {
	b := wimtest.Build(&wimtest.Entry{Name: "a", Data: []byte("some data")})
	b[bytes.Index(b, []byte("some data"))] = 'S'
	a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	img, err := a.Image(1)
	if err != nil {
		t.Fatal(err)
	}
	f, err := img.Lookup("/a")
	if err != nil {
		t.Fatal(err)
	}
	r, err := VerifiedStream(f, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(r)
	var ie *inputerr.Error
	if !errors.Is(err, wim.ErrChecksum) || !errors.As(err, &ie) || ie.Field != "/a" ||
		!strings.HasPrefix(err.Error(), "/a: SHA-1 mismatch: data hashes to ") || !strings.Contains(err.Error(), ", the image records ") {
		t.Errorf("got %v, want /a's SHA-1 mismatch", err)
	}
}
