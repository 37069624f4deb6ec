package bulk_test

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/bulk"
)

// A solid ESD whose one chunk is stored in over 1 MiB is decoded as it is
// read (wim's streamMin, lzms.DecompressAt): wimlib-imagex captures 6 MB
// of made-up text, which LZMS stores in about 1.5 MB. Verify finds every
// blob sound, and a byte flipped in the chunk's middle fails them.
func TestVerifyStreamsLargeSolidChunk(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	words := strings.Fields("the a solid resource chunk decoder window stream range bit offset length literal match delta image blob hash verify extract")
	var files [][]byte
	for range 6 {
		var b strings.Builder
		for b.Len() < 1<<20 {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteByte(" \n"[r.IntN(2)])
			if r.IntN(4) == 0 {
				b.WriteString(strconv.Itoa(r.IntN(100000)))
			}
		}
		files = append(files, []byte(b.String()))
	}
	orig := captureSolid(t, files)
	a := openBytes(t, orig)
	var stored float64 // the one chunk's stored bytes, shared among its blobs
	for _, l := range a.Locations() {
		if l.Image == 0 {
			stored += l.Stored
		}
	}
	require.Greater(t, stored, float64(1<<20), "the chunk must be large enough to be decoded as it is read")
	rep, err := bulk.Verify(context.Background(), a, bulk.Options{}, nil)
	require.NoError(t, err)
	require.True(t, clean(rep), "%v", rep.Faults)
	require.Equal(t, 6, rep.Blobs-1, "six files and the image's metadata")

	// The solid resource starts after the 208-byte header; its middle is
	// well inside the one chunk's stored bytes.
	bad := flip(orig, 208+int64(len(orig)-208)/3)
	rep, err = bulk.Verify(context.Background(), openBytes(t, bad), bulk.Options{}, nil)
	require.NoError(t, err)
	require.NotEmpty(t, rep.Faults, "a flipped byte in the chunk went unseen")
}

// captureSolid has wimlib-imagex capture files, named f0, f1 and so on,
// as a solid ESD, with args added, and returns its bytes.
func captureSolid(t *testing.T, files [][]byte, args ...string) []byte {
	if _, err := exec.LookPath("wimlib-imagex"); err != nil {
		t.Skip("wimlib-imagex not installed")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	require.NoError(t, os.Mkdir(src, 0o755))
	for i, f := range files {
		require.NoError(t, os.WriteFile(filepath.Join(src, "f"+strconv.Itoa(i)), f, 0o644))
	}
	esd := filepath.Join(dir, "solid.esd")
	out, err := exec.Command("wimlib-imagex", append([]string{"capture", src, esd, "solid", "--solid"}, args...)...).CombinedOutput()
	require.NoError(t, err, "%s", out)
	b, err := os.ReadFile(esd)
	require.NoError(t, err)
	return b
}
