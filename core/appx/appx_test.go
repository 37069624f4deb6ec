package appx

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/inputerr"
)

const vectors = "../../testvectors/windows"

// expected is testvectors/windows/expected.json's "appx" and
// "full_names": what testvectors/make.sh wrote.
type expected struct {
	Appx struct {
		File        string
		EndOfLife   []string `json:"end_of_life"`
		Provisioned []struct {
			FullName                string   `json:"full_name"`
			PackageType             string   `json:"package_type"`
			ProvisionSourceIsBundle bool     `json:"provision_source_is_bundle"`
			IsLOBApp                bool     `json:"is_lob_app"`
			Parts                   []string // nil: not a full name
		}
	}
	FullNames []struct {
		FullName string `json:"full_name"`
		Parts    []string
	} `json:"full_names"`
}

func load(t testing.TB) expected {
	b, err := os.ReadFile(filepath.Join(vectors, "expected.json"))
	require.NoError(t, err)
	var doc expected
	require.NoError(t, json.Unmarshal(b, &doc))
	require.NotEmpty(t, doc.FullNames)
	return doc
}

func parts(n FullName) []string {
	return []string{n.Name, n.Version, n.Architecture, n.ResourceID, n.PublisherID}
}

func TestProvisioningVector(t *testing.T) {
	w := load(t).Appx
	b, err := os.ReadFile(filepath.Join(vectors, w.File))
	require.NoError(t, err)
	l, err := ParseProvisioning(b)
	require.NoError(t, err)
	require.Equal(t, w.EndOfLife, l.EndOfLife)
	require.Len(t, l.Provisioned, len(w.Provisioned))
	for i, wp := range w.Provisioned {
		p := l.Provisioned[i]
		require.Equal(t, wp.FullName, p.FullName)
		require.Equal(t, wp.PackageType, p.PackageType)
		require.Equal(t, wp.ProvisionSourceIsBundle, p.ProvisionSourceIsBundle)
		require.Equal(t, wp.IsLOBApp, p.IsLOBApp)
		if wp.Parts == nil {
			require.ErrorIs(t, p.Err, ErrFullName, p.FullName)
			require.Equal(t, FullName{}, p.ID)
			continue
		}
		require.NoError(t, p.Err)
		require.Equal(t, wp.Parts, parts(p.ID))
	}
}

func TestFullNames(t *testing.T) {
	for _, w := range load(t).FullNames {
		n, err := ParseFullName(w.FullName)
		if w.Parts == nil {
			require.ErrorIs(t, err, ErrFullName, w.FullName)
			continue
		}
		require.NoError(t, err, w.FullName)
		require.Equal(t, w.Parts, parts(n))
		require.Equal(t, w.FullName, n.String())
		require.Equal(t, w.Parts[0]+"_"+w.Parts[4], n.Family())
	}
	_, err := ParseFullName("Microsoft.WindowsStore_22204.1400.4.0_x64__8wekyb3d8bbwu")
	require.EqualError(t, err, `not a package full name: "Microsoft.WindowsStore_22204.1400.4.0_x64__8wekyb3d8bbwu": the publisher ID is not 13 characters of base 32`)
	_, err = ParseFullName(strings.Repeat("a", 200))
	require.EqualError(t, err, `not a package full name: "`+strings.Repeat("a", 200)+`": a full name has 30 to 127 characters`)
}

func TestProvisioningHostile(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		kind      error
		msg       string
	}{
		{"not XML", "PK\x03\x04", ErrMalformed, "provisioning list is not well-formed XML: XML syntax error on line 1: illegal character code U+0003"},
		{"other root", `<?xml version="1.0"?><assembly/>`, ErrNotProvisioning, "not an AppxProvisioning.xml: the root element is <assembly>, not <AppxProvisionList>"},
		{"deep", "<AppxProvisionList>" + strings.Repeat("<a>", 20000), ErrMalformed, "provisioning list is not well-formed XML: XML syntax error on line 1: exceeded max depth"},
		{"many elements", "<AppxProvisionList><Provisioned>" + strings.Repeat("<Package/>", MaxElements) + "</Provisioned></AppxProvisionList>", ErrMalformed, "provisioning list is not well-formed XML: XML syntax error on line 1: more than 131072 elements"},
		{"entity", `<!DOCTYPE a [<!ENTITY e "x">]><AppxProvisionList>&e;</AppxProvisionList>`, ErrMalformed, "provisioning list is not well-formed XML: XML syntax error on line 1: invalid character entity &e;"},
		{"too large", strings.Repeat(" ", MaxProvisioningSize+1), ErrTooLarge, "provisioning list too large: 4194305 bytes, more than the 4194304 read"},
	} {
		_, err := ParseProvisioning([]byte(tc.doc))
		require.ErrorIs(t, err, tc.kind, tc.name)
		require.EqualError(t, err, tc.msg, tc.name)
		var e *inputerr.Error
		require.ErrorAs(t, err, &e, tc.name)
	}
	// Elements it does not know, and packages outside the two lists, are passed over.
	l, err := ParseProvisioning([]byte(`<AppxProvisionList><Other><Package FullName="x"/></Other><Provisioned><Note/><Package/></Provisioned></AppxProvisionList>`))
	require.NoError(t, err)
	require.Len(t, l.Provisioned, 1)
	require.ErrorIs(t, l.Provisioned[0].Err, ErrFullName)
	require.EqualError(t, l.Provisioned[0].Err, `not a package full name: "": a full name has 30 to 127 characters`)
}

func FuzzPackageFullName(f *testing.F) {
	for _, w := range load(f).FullNames {
		f.Add(w.FullName)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseFullName(s)
		if err != nil {
			var e *inputerr.Error
			if !errors.As(err, &e) || !errors.Is(err, ErrFullName) {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		if n.String() != s {
			t.Fatalf("%q reads back as %q", s, n.String())
		}
	})
}

func FuzzAppxProvisioning(f *testing.F) {
	b, err := os.ReadFile(filepath.Join(vectors, "ProgramData", "AppxProvisioning.xml"))
	require.NoError(f, err)
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := ParseProvisioning(b)
		if err != nil {
			var e *inputerr.Error
			if !errors.As(err, &e) || !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrNotProvisioning) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		for _, p := range l.Provisioned {
			if p.Err != nil && !errors.Is(p.Err, ErrFullName) {
				t.Fatalf("untyped full-name error: %v", p.Err)
			}
		}
	})
}
