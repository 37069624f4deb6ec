package cbs

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

// expected is testvectors/windows/expected.json's "mum": what
// testvectors/make.sh wrote into each file.
type expected struct {
	File     string
	Identity struct {
		Name, Version, Architecture, Language string
		PublicKeyToken                        string `json:"public_key_token"`
		BuildType                             string `json:"build_type"`
	}
	Description         string
	DisplayName         string `json:"display_name"`
	Company, Copyright  string
	SupportInformation  string `json:"support_information"`
	CreationTimeStamp   string `json:"creation_time_stamp"`
	LastUpdateTimeStamp string `json:"last_update_time_stamp"`
	Identifier, KB      string
	ReleaseType         string `json:"release_type"`
	Restart, Permanence string
	Updates             []struct {
		Name        string
		DisplayName string `json:"display_name"`
		Description string
	}
	Capabilities []string
}

func load(t testing.TB) []expected {
	b, err := os.ReadFile(filepath.Join(vectors, "expected.json"))
	require.NoError(t, err)
	var doc struct{ MUM []expected }
	require.NoError(t, json.Unmarshal(b, &doc))
	require.NotEmpty(t, doc.MUM)
	return doc.MUM
}

func TestVectors(t *testing.T) {
	for _, w := range load(t) {
		b, err := os.ReadFile(filepath.Join(vectors, w.File))
		require.NoError(t, err)
		p, err := Parse(b)
		require.NoError(t, err, w.File)
		want := &Package{
			Identity:            Identity(w.Identity),
			Description:         w.Description,
			DisplayName:         w.DisplayName,
			Company:             w.Company,
			Copyright:           w.Copyright,
			SupportInformation:  w.SupportInformation,
			CreationTimeStamp:   w.CreationTimeStamp,
			LastUpdateTimeStamp: w.LastUpdateTimeStamp,
			Identifier:          w.Identifier,
			ReleaseType:         w.ReleaseType,
			Restart:             w.Restart,
			Permanence:          w.Permanence,
		}
		for _, u := range w.Updates {
			want.Updates = append(want.Updates, Update(u))
		}
		if len(w.Capabilities) > 0 {
			want.Capabilities = w.Capabilities
		}
		require.Equal(t, want, p, w.File)
		require.Equal(t, w.KB, p.KB(), w.File)
	}
}

func TestStates(t *testing.T) {
	// The chart of CBS states, as the registry's DWORD holds them.
	for v, want := range map[uint32]string{
		0x00: "absent", 0x05: "uninstall pending", 0x10: "resolving", 0x20: "resolved",
		0x30: "staging", 0x40: "staged", 0x50: "superseded", 0x60: "install pending",
		0x65: "partially installed", 0x70: "installed", 0x80: "permanent",
		0xffffff80: "permanent, but broken", 0xffffff90: "installed, but broken",
		0xffffffc0: "staged, but broken", 0xffffffe0: "resolved, but broken",
		0x71: "unknown state 0x71", 0xffffffff: "unknown state 0xffffffff",
	} {
		require.Equal(t, want, State(v).String())
	}
}

func TestKB(t *testing.T) {
	for id, kb := range map[string]string{"KB5031455": "5031455", "kb12": "12", "KB": "", "KBx1": "", "Client Language Pack": "", "": ""} {
		require.Equal(t, kb, (&Package{Identifier: id}).KB(), id)
	}
}

// Hostile manifests fail with an error of a kind errors.Is tells apart,
// whose words the page and the CLI show as they are.
func TestHostile(t *testing.T) {
	ok := `<assembly><assemblyIdentity name="x"/></assembly>`
	for _, tc := range []struct {
		name, doc string
		kind      error
		msg       string
	}{
		{"not XML", "MZ\x90\x00", ErrMalformed, "package manifest is not well-formed XML: not UTF-8 text: the byte 0x90 at byte 2"},
		{"unclosed", "<assembly><assemblyIdentity name='x'/>", ErrMalformed, "package manifest is not well-formed XML: XML syntax error on line 1: unexpected EOF"},
		{"deep", strings.Repeat("<a>", 20000), ErrMalformed, "package manifest is not well-formed XML: XML syntax error on line 1: exceeded max depth"},
		{"many elements", "<assembly>" + strings.Repeat("<a/>", MaxElements) + "</assembly>", ErrMalformed, "package manifest is not well-formed XML: XML syntax error on line 1: more than 262144 elements"},
		{"entity bomb", `<!DOCTYPE a [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><assembly description="&b;"/>`,
			ErrMalformed, "package manifest is not well-formed XML: XML syntax error on line 1: invalid character entity &b;"},
		{"external entity", `<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><assembly>&x;</assembly>`, ErrMalformed, "package manifest is not well-formed XML: XML syntax error on line 1: invalid character entity &x;"},
		{"unpaired surrogate", "\xff\xfe<\x00a\x00>\x00\x00\xd8<\x00/\x00a\x00>\x00", ErrMalformed, "package manifest is not well-formed XML: not UTF-16LE text: an unpaired surrogate 0xd800 at byte 8"},
		{"other root", "<Package/>", ErrNotManifest, "not a package manifest: the root element is <Package>, not <assembly>"},
		{"no identity", "<assembly><package identifier='KB1'/></assembly>", ErrNotManifest, "not a package manifest: <assembly> holds no <assemblyIdentity>"},
		{"too large", ok + strings.Repeat(" ", MaxManifestSize), ErrTooLarge, "package manifest too large: 8388657 bytes, more than the 8388608 read"},
	} {
		_, err := Parse([]byte(tc.doc))
		require.ErrorIs(t, err, tc.kind, tc.name)
		require.EqualError(t, err, tc.msg, tc.name)
		var e *inputerr.Error
		require.ErrorAs(t, err, &e, tc.name)
	}
	huge := `<assembly description="` + strings.Repeat("d", 1<<20) + `"><assemblyIdentity name="x"/></assembly>`
	p, err := Parse([]byte(huge))
	require.NoError(t, err)
	require.Len(t, p.Description, 1<<20, "a long attribute is read, within the file's cap")
}

func FuzzMUM(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join(vectors, "servicing", "Packages", "*.mum"))
	for _, name := range names {
		b, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Parse(b)
		if err != nil {
			var e *inputerr.Error
			if !errors.As(err, &e) || !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrNotManifest) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		p.KB()
	})
}
