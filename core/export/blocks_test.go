package export

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

func TestBlocksKeepWhatIsWritten(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var b blocks
	for _, total := range []int{0, 1, blockSize - 1, blockSize, blockSize + 1, 3*blockSize + 17} {
		want := make([]byte, total)
		for i := range want {
			want[i] = byte(r.Uint32())
		}
		// Pieces of every size, as deflate and stored contents write them.
		for p := want; len(p) > 0; {
			n := min(len(p), 1+r.IntN(2*blockSize))
			if got, err := b.Write(p[:n]); got != n || err != nil {
				t.Fatalf("Write(%d bytes) = %d, %v", n, got, err)
			}
			p = p[n:]
		}
		if b.Len() != total {
			t.Errorf("Len() = %d after %d bytes", b.Len(), total)
		}
		if got := bytes.Join(b.parts(), nil); !bytes.Equal(got, want) {
			t.Errorf("%d bytes read back as %d different ones", total, len(got))
		}
		b.release()
		if b.Len() != 0 || len(b.parts()) != 0 {
			t.Errorf("after release: Len %d, %d parts", b.Len(), len(b.parts()))
		}
	}
}
