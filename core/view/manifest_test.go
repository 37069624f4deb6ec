package view_test

import (
	"compress/gzip"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/wimlibref"
)

// manifest is what testvectors/make.sh read from the NTFS volume before
// capture: what wimlib's dir output does not show.
type manifest struct {
	SecurityDescriptors []struct {
		Hex  string `json:"hex"`
		SDDL string `json:"sddl"`
	} `json:"security_descriptors"`
	HardlinkGroups [][]string `json:"hardlink_groups"`
	Entries        []struct {
		Path       string `json:"path"`
		Creation   uint64 `json:"creation_time"`
		LastWrite  uint64 `json:"last_write_time"`
		LastAccess uint64 `json:"last_access_time"`
		SHA1       string `json:"sha1"`
		Reparse    *struct {
			Kind           string `json:"kind"`
			DataSHA1       string `json:"data_sha1"`
			SubstituteName string `json:"substitute_name"`
			PrintName      string `json:"print_name"`
		} `json:"reparse"`
	} `json:"entries"`
}

func loadManifest(t *testing.T, name string) manifest {
	f, err := os.Open(filepath.Join(wimlibref.Dir(), "manifest", name+".json.gz"))
	require.NoError(t, err)
	defer f.Close()
	z, err := gzip.NewReader(f)
	require.NoError(t, err)
	var m manifest
	require.NoError(t, json.NewDecoder(z).Decode(&m))
	return m
}

func openImage(t *testing.T, file string, n int) (*wim.Archive, *meta.Image) {
	a := wimlibref.Open(t, file)
	img, err := a.Image(n)
	require.NoError(t, err)
	return a, img
}

// TestNTFSVolumeDetails checks, against the volume the vectors came from,
// what wimlib does not print: 100 ns timestamps, reparse targets, the data
// of reparse points, hard-link sets, and SDDL for every descriptor.
func TestNTFSVolumeDetails(t *testing.T) {
	m := loadManifest(t, "ntfs-base")
	a, img := openImage(t, "ntfs-lzms.wim", 1)
	reparsed := 0
	for _, e := range m.Entries {
		f, err := img.Lookup(e.Path)
		require.NoError(t, err, e.Path)
		require.Equal(t, e.Creation, uint64(f.Creation), "%s creation", e.Path)
		require.Equal(t, e.LastWrite, uint64(f.LastWrite), "%s last write", e.Path)
		require.Equal(t, e.LastAccess, uint64(f.LastAccess), "%s last access", e.Path)
		// The manifest hashes empty data; a WIM names "no data" with zeros.
		if e.SHA1 != "" && e.SHA1 != emptySHA1 && e.Reparse != nil {
			require.NotNil(t, f.Data(), "%s: a reparse point's own data", e.Path)
			require.Equal(t, e.SHA1, f.Data().Hash.String(), e.Path)
		}
		d := view.DescribeFile(a, f)
		if r := e.Reparse; r != nil && (r.Kind == "symlink" || r.Kind == "mount_point") {
			require.NotNil(t, d.Reparse, e.Path)
			require.Empty(t, d.Reparse.Error, e.Path)
			if f.ReparseData().Hash.String() == r.DataSHA1 { // not rewritten by wimlib's --rpfix
				require.Equal(t, r.SubstituteName, d.Reparse.SubstituteName, e.Path)
				require.Equal(t, r.PrintName, d.Reparse.PrintName, e.Path)
				reparsed++
			}
		}
	}
	require.Positive(t, reparsed)

	for _, g := range m.HardlinkGroups {
		f, err := img.Lookup(g[0])
		require.NoError(t, err)
		var got []string
		for _, l := range f.Links() {
			got = append(got, l.Path())
		}
		sort.Strings(got)
		sort.Strings(g)
		require.Equal(t, g, got)
	}

	// make.sh rendered each descriptor with its own independent SDDL
	// writer; both must agree, byte-identical descriptors matched by hex.
	sddlOf := map[string]string{}
	for _, sd := range m.SecurityDescriptors {
		sddlOf[sd.Hex] = sd.SDDL
	}
	for i, sd := range img.Security {
		f := findBySecurityID(img, int32(i))
		if f == nil {
			continue
		}
		d := view.DescribeFile(a, f)
		require.Empty(t, d.SDDLError, "descriptor %d", i)
		want, ok := sddlOf[hex.EncodeToString(sd)]
		require.True(t, ok, "descriptor %d is one of the volume's", i)
		require.Equal(t, want, d.SDDL, "descriptor %d", i)
		printed, err := view.PrintSecurity(d.Security)
		require.NoError(t, err, "descriptor %d", i)
		require.Equal(t, d.SDDL, printed, "descriptor %d's structure", i)
	}
}

const emptySHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709"

func findBySecurityID(img *meta.Image, id int32) *meta.File {
	var out *meta.File
	_ = img.Walk(func(f *meta.File) error {
		if out == nil && f.SecurityID == id {
			out = f
		}
		return nil
	})
	return out
}
