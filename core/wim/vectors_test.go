package wim_test

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimlibref"
)

// openVector opens every part of a test vector.
func openVector(t testing.TB, v wimlibref.Vector) *wim.Archive {
	return wimlibref.Open(t, v.Files...)
}

func vectors(t testing.TB) []wimlibref.Vector { return wimlibref.All(t) }

// TestVectorsMatchWimlib compares every image of every vector, entry by
// entry, with wimlib-imagex dir --detailed as recorded in the golden files,
// and reads every stream to check it against its SHA-1.
func TestVectorsMatchWimlib(t *testing.T) {
	for _, v := range vectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			a := openVector(t, v)
			require.Equal(t, v.Images, a.ImageCount())
			require.Equal(t, v.GUID, "0x"+a.Header.GUIDString())
			require.Equal(t, v.Compression, a.Header.Compression().String())
			for _, n := range v.ImageNumbers() {
				img, err := a.Image(n)
				require.NoError(t, err)
				want, err := v.GoldenDir(n)
				require.NoError(t, err)
				require.NotEmpty(t, want)
				for i, d := range wimlibref.Diff(img, want, true) {
					if i == 20 {
						t.Errorf("... and more")
						break
					}
					t.Errorf("image %d: %s", n, d)
				}
			}
		})
	}
}

// TestVectorsMatchLiveWimlib runs the installed wimlib-imagex on each
// vector, so the comparison holds for the wimlib on this machine too.
func TestVectorsMatchLiveWimlib(t *testing.T) {
	if !wimlibref.Available() {
		t.Skip("wimlib-imagex is not installed; `make test` installs it")
	}
	for _, v := range vectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			a := openVector(t, v)
			for n := 1; n <= a.ImageCount(); n++ {
				img, err := a.Image(n)
				require.NoError(t, err)
				want, err := v.LiveDir(n)
				require.NoError(t, err)
				require.Empty(t, wimlibref.Diff(img, want, false))
			}
		})
	}
}
