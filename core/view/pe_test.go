package view_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/internal/wimlibref"
)

// pefileDump is the part of python3-pefile's dump (testvectors/pe, written
// by make.sh) that a file's details show.
type pefileDump struct {
	Machine  uint16          `json:"machine"`
	Magic    uint16          `json:"magic"`
	Versions []pefileVersion `json:"versions"`
}

type pefileVersion struct {
	Lang  uint16 `json:"lang"`
	Fixed struct {
		File, Product string
	} `json:"fixed"`
	Tables map[string][][2]string `json:"tables"`
}

func pefileOf(t *testing.T, base string) pefileDump {
	b, err := os.ReadFile(filepath.Join(wimlibref.Dir(), "pe", base+".pefile.json"))
	require.NoError(t, err)
	var d pefileDump
	require.NoError(t, json.Unmarshal(b, &d))
	return d
}

// TestPEThroughImage reads the PE vectors through testvectors/pe.wim,
// where make.sh captured them, and holds what the details say to what
// pefile and sbverify said of the files themselves.
func TestPEThroughImage(t *testing.T) {
	_, img := openImage(t, "pe.wim", 1)
	files := map[string]string{ // path in the image: the vector it holds
		"/Windows/SysWOW64/kernel32.dll": "wine32-kernel32.dll",
		"/Windows/SysWOW64/lz32.dll":     "wine32-lz32.dll",
		"/Windows/System32/lz32.dll":     "wine64-lz32.dll",
		"/Windows/System32/setx.exe":     "wine64-setx.exe",
		"/Windows/Boot/EFI/shimx64.efi":  "shimx64.efi.signed",
		"/odd/signed-lz32.dll":           "signed-lz32.dll",
		"/odd/hostname.txt":              "wine32-hostname.exe",
	}
	for path, base := range files {
		t.Run(base, func(t *testing.T) {
			f, err := img.Lookup(path)
			require.NoError(t, err)
			pe := view.DescribePE(f, true)
			require.NotNil(t, pe, "MZ data is read as PE whatever its name")
			require.Empty(t, pe.Error)
			require.Empty(t, pe.SignatureError)
			want := pefileOf(t, base)
			require.Equal(t, want.Machine, pe.MachineCode)
			require.Equal(t, map[uint16]string{0x10b: "PE32", 0x20b: "PE32+"}[want.Magic], pe.Format)
			require.NotContains(t, pe.Machine, "unknown")
			if len(want.Versions) == 0 {
				require.Nil(t, pe.Version)
			} else {
				require.NotNil(t, pe.Version)
				var ref *pefileVersion
				for i := range want.Versions {
					if want.Versions[i].Lang == pe.Version.Language {
						ref = &want.Versions[i]
					}
				}
				require.NotNil(t, ref, "language 0x%04x is one pefile read", pe.Version.Language)
				require.Equal(t, ref.Fixed.File, pe.Version.FileVersion)
				require.Equal(t, ref.Fixed.Product, pe.Version.ProductVersion)
				strs := map[string]string{}
				for _, kv := range ref.Tables[pe.Version.Table] {
					strs[kv[0]] = kv[1]
				}
				require.NotEmpty(t, strs, "table %s is one pefile read", pe.Version.Table)
				v := pe.Version
				require.Equal(t, strs["CompanyName"], v.CompanyName)
				require.Equal(t, strs["FileDescription"], v.FileDescription)
				require.Equal(t, strs["FileVersion"], v.FileVersionString)
				require.Equal(t, strs["ProductName"], v.ProductName)
				require.Equal(t, strs["ProductVersion"], v.ProductVersionString)
				require.Equal(t, strs["OriginalFilename"], v.OriginalFilename)
				require.Equal(t, strs["LegalCopyright"], v.LegalCopyright)
			}
			sb, err := os.ReadFile(filepath.Join(wimlibref.Dir(), "pe", base+".sbverify.txt"))
			if os.IsNotExist(err) {
				require.False(t, pe.Signed)
				require.Empty(t, pe.Signatures)
				return
			}
			require.NoError(t, err)
			require.True(t, pe.Signed)
			require.NotEmpty(t, pe.Signatures)
			for _, s := range pe.Signatures {
				if s.Nested > 0 {
					continue // sbverify lists each entry's own signature only
				}
				// sbverify prints the issuer as /C=../O=../CN=..
				require.Contains(t, string(sb), "/O="+s.Issuer.O+"/CN="+s.Issuer.CN+"\n", "issuer of signature %d", s.Entry)
				require.NotNil(t, s.Signer)
				require.Contains(t, string(sb), "subject: /", "sbverify lists certificates")
				require.Contains(t, string(sb), "CN="+s.Signer.CN+"\n", "signer of signature %d", s.Entry)
				require.NotEmpty(t, s.Certificates)
				require.NotEmpty(t, s.Digest)
			}
		})
	}
}

// TestPEOddFiles: the extension is not trusted, damage is said in words
// beside what was read, and strings come out as the file has them.
func TestPEOddFiles(t *testing.T) {
	_, img := openImage(t, "pe.wim", 1)
	describe := func(path string, sigs bool) *view.PE {
		f, err := img.Lookup(path)
		require.NoError(t, err)
		return view.DescribePE(f, sigs)
	}
	require.Nil(t, describe("/odd/text.dll", true), "a text file named .dll")
	require.Nil(t, describe("/Windows/System32", true), "a folder")

	cut := describe("/odd/truncated.dll", true)
	require.NotNil(t, cut)
	require.Equal(t, "x86", cut.Machine, "the headers are before the cut")
	require.Contains(t, cut.Error, "past the end")
	require.Nil(t, cut.Version)

	hostile := describe("/odd/hostile.dll", true)
	require.NotNil(t, hostile)
	require.Empty(t, hostile.Error)
	require.Equal(t, "<img src=x onerror=1>", hostile.Version.CompanyName)
	require.Equal(t, "\u202elld.exe\u0007", hostile.Version.FileDescription)

	// Without signatures asked for, the certificate table is not read,
	// but whether there is one is said.
	s := describe("/odd/signed-lz32.dll", false)
	require.True(t, s.Signed)
	require.Empty(t, s.Signatures)
	nested := describe("/odd/signed-lz32.dll", true).Signatures
	require.Len(t, nested, 2)
	require.Equal(t, "wimlens Test Signer SHA-256", nested[0].Signer.CN)
	require.Equal(t, "SHA-256", nested[0].Digest)
	require.Equal(t, 1, nested[1].Nested)
	require.Equal(t, "wimlens Test Signer SHA-1", nested[1].Signer.CN)
	require.Equal(t, "wimlens Test Code Signing CA", nested[1].Issuer.CN)
	require.True(t, strings.HasPrefix(nested[1].Issuer.DN, "CN=wimlens Test Code Signing CA"), nested[1].Issuer.DN)
}
