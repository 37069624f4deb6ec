package inf

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/internal/wintext"
)

const vectors = "../../testvectors/windows"

// expected is testvectors/windows/expected.json's "inf": what
// testvectors/make.sh wrote into each file.
type expected struct {
	File     string
	Encoding string
	Version  struct {
		Signature, Class, Provider string
		ClassGUID                  string                              `json:"class_guid"`
		CatalogFile                string                              `json:"catalog_file"`
		DriverVer                  struct{ Raw, Date, Version string } `json:"driver_ver"`
	}
	Manufacturers []struct {
		Name, Models string
		Decorations  []string
		Sections     []struct {
			Name    string
			Devices []struct {
				Description, Install string
				HardwareID           string   `json:"hardware_id"`
				CompatibleIDs        []string `json:"compatible_ids"`
			}
		}
	}
	Entries []struct {
		Section string
		Key     *string
		Index   int
		Values  []string
	}
}

func loadExpected(t testing.TB) []expected {
	b, err := os.ReadFile(filepath.Join(vectors, "expected.json"))
	require.NoError(t, err)
	var doc struct{ INF []expected }
	require.NoError(t, json.Unmarshal(b, &doc))
	require.NotEmpty(t, doc.INF)
	return doc.INF
}

func TestVectors(t *testing.T) {
	for _, want := range loadExpected(t) {
		t.Run(want.File, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(vectors, want.File))
			require.NoError(t, err)
			f, err := Parse(b)
			require.NoError(t, err)
			require.Equal(t, want.Encoding, f.Encoding.String())

			v, ok := f.Version()
			require.True(t, ok)
			require.Equal(t, want.Version.Signature, v.Signature)
			require.Equal(t, want.Version.Class, v.Class)
			require.Equal(t, want.Version.ClassGUID, v.ClassGUID)
			require.Equal(t, want.Version.Provider, v.Provider)
			require.Equal(t, want.Version.CatalogFile, v.CatalogFile)
			require.NoError(t, v.DriverVer.Err)
			require.Equal(t, want.Version.DriverVer.Raw, v.DriverVer.Raw)
			require.Equal(t, want.Version.DriverVer.Date, v.DriverVer.Date.Format("2006-01-02"))
			require.Equal(t, want.Version.DriverVer.Version, v.DriverVer.Version)

			ms := f.Manufacturers()
			require.Len(t, ms, len(want.Manufacturers))
			for i, wm := range want.Manufacturers {
				m := ms[i]
				require.Equal(t, wm.Name, m.Name)
				require.Equal(t, wm.Models, m.Models)
				require.Equal(t, wm.Decorations, m.Decorations)
				require.Len(t, m.Sections, len(wm.Sections))
				for j, ws := range wm.Sections {
					require.Equal(t, ws.Name, m.Sections[j].Name)
					require.Len(t, m.Sections[j].Devices, len(ws.Devices))
					for k, wd := range ws.Devices {
						d := m.Sections[j].Devices[k]
						require.Equal(t, wd.Description, d.Description)
						require.Equal(t, wd.Install, d.Install)
						require.Equal(t, wd.HardwareID, d.HardwareID)
						require.Equal(t, wd.CompatibleIDs, append([]string{}, d.CompatibleIDs...))
					}
				}
			}

			for _, we := range want.Entries {
				s := f.Section(we.Section)
				require.NotNil(t, s, we.Section)
				var e *Entry
				if we.Key != nil {
					e = s.Get(*we.Key)
				} else {
					e = &s.Entries[we.Index]
				}
				require.NotNil(t, e, "%s %v", we.Section, we.Key)
				got := make([]string, len(e.Values))
				for i, v := range e.Values {
					got[i] = f.Expand(v)
				}
				require.Equal(t, we.Values, got, "[%s] line %d", we.Section, e.Line)
			}
		})
	}
}

func parse(t *testing.T, text string) *File {
	t.Helper()
	f, err := Parse([]byte(text))
	require.NoError(t, err)
	return f
}

func values(f *File, section, key string) []string {
	e := f.Section(section).Get(key)
	out := make([]string, len(e.Values))
	for i, v := range e.Values {
		out[i] = f.Expand(v)
	}
	return out
}

func TestSyntax(t *testing.T) {
	f := parse(t, "; leading comment\n\n[A]\nk = \"unclosed, quote ; runs\nNext=1\n[a]\nk2=x\n"+
		"Eq = a=b, c\nNoKey, second\n  Single  \n=\nKey=\nNul=a\x00b\n[B] trailing words\nafter=ctrl-z\x1a[C]\nz=1\n")
	require.Equal(t, []string{`unclosed, quote ; runs`}, values(f, "A", "k"), "an unclosed quote runs to the end of its line")
	require.Equal(t, []string{"1"}, values(f, "a", "next"))
	require.Equal(t, []string{"x"}, values(f, "A", "K2"), "sections of one name merge")
	require.Equal(t, []string{"a=b", "c"}, values(f, "A", "Eq"), "only the first '=' makes a key")
	require.Len(t, f.Sections, 2, "Ctrl-Z ends the file: [C] is not read")
	a := f.Section("A")
	require.Equal(t, Entry{Line: 9, Values: []string{"NoKey", "second"}}, a.Entries[4])
	require.Equal(t, Entry{Line: 10, Values: []string{"Single"}}, a.Entries[5])
	require.Equal(t, Entry{Line: 11, HasKey: true, Values: []string{""}}, a.Entries[6])
	require.Equal(t, Entry{Line: 12, Key: "Key", HasKey: true, Values: []string{""}}, a.Entries[7])
	require.Equal(t, []string{"a b"}, values(f, "A", "Nul"))
	require.Equal(t, []string{"ctrl-z"}, values(f, "B", "after"))
}

func TestExpand(t *testing.T) {
	f := parse(t, "[Strings]\na=\"%b%\"\nb=\"%a%\"\nself=%self%%self%\nBig=\""+strings.Repeat("x", MaxField)+"\"\n"+
		"[Strings.0407]\nde=Deutsch\na=nicht\n[Strings.0409]\nen=English\nde=not-first\n[X]\n"+
		"Many = "+strings.Repeat("%big%", 800)+"\n")
	for in, want := range map[string]string{
		"%a%":       "%b%",
		"%A%%b%":    "%b%%a%",
		"%self%":    "%self%%self%",
		"100%%":     "100%",
		"%%%a%":     "%%b%",
		"%none% %a": "%none% %a",
		"%de% %en%": "not-first English",
		"no tokens": "no tokens",
		"%%":        "%",
		"tail %":    "tail %",
		"%a%%":      "%b%%",
	} {
		require.Equal(t, want, f.Expand(in), in)
	}
	// A value that names a long string many times is cut at SetupAPI's
	// limit, not built whole.
	many := f.Expand(f.Section("X").Get("Many").Values[0])
	require.Equal(t, strings.Repeat("x", MaxField), many)
}

func TestDriverVer(t *testing.T) {
	for in, want := range map[string]string{
		"02/29/2024,1.2.3.4":   "",
		"2/29/2024":            "",
		"02/29/2023,1.0":       `INF file, line 2: DriverVer "02/29/2023,1.0": there is no day 29 in month 2 of 2023`,
		"13/01/2023,1.0":       `INF file, line 2: DriverVer "13/01/2023,1.0": there is no day 1 in month 13 of 2023`,
		"2023-01-13,1.0":       `INF file, line 2: DriverVer "2023-01-13,1.0": the date is not written mm/dd/yyyy`,
		"01/13/23,1.0":         `INF file, line 2: DriverVer "01/13/23,1.0": the year is not written with four digits`,
		"01/13/2023,1.2.3.4.5": `INF file, line 2: DriverVer "01/13/2023,1.2.3.4.5": the version has more than four parts`,
		"01/13/2023,1.65536":   `INF file, line 2: DriverVer "01/13/2023,1.65536": a part of the version is more than 65535`,
		"01/13/2023,1.x":       `INF file, line 2: DriverVer "01/13/2023,1.x": the version is not numbers joined by dots`,
		"01/13/2023,1,2":       `INF file, line 2: DriverVer "01/13/2023,1,2": more than a date and a version`,
	} {
		v, ok := parse(t, "[Version]\nDriverVer="+in+"\n").Version()
		require.True(t, ok)
		if want == "" {
			require.NoError(t, v.DriverVer.Err, in)
			continue
		}
		require.EqualError(t, v.DriverVer.Err, want)
		require.ErrorIs(t, v.DriverVer.Err, ErrSyntax)
		var e *inputerr.Error
		require.ErrorAs(t, v.DriverVer.Err, &e)
		require.Equal(t, 2, e.Line)
		require.Equal(t, `DriverVer "`+in+`"`, e.Field)
		require.True(t, v.DriverVer.Date.IsZero())
	}
	_, ok := parse(t, "[Strings]\n").Version()
	require.False(t, ok)
}

// Hostile files fail with an *inputerr.Error that says what and where
// (the line, when about one), in bounded memory.
func TestHostile(t *testing.T) {
	for _, tc := range []struct {
		name, text, msg string
		kind            error
	}{
		{"line before any section", "; c\nkey=1\n[A]\n", "INF file, line 2: a line before the first [section]", ErrSyntax},
		{"unclosed section name", "[A]\nk=1\n[Version\nx=1\n", "INF file, line 3: the section name is not closed by ]", ErrSyntax},
		{"long section name", "[" + strings.Repeat("s", 256) + "]\n", "INF file, line 1: a section name longer than 255 characters", ErrTooLarge},
		{"10 MB line", "[A]\nk=" + strings.Repeat("v", 10<<20) + "\n", "INF file, line 2: a field longer than 4096 characters", ErrTooLarge},
		{"long quoted field", "[A]\nk=\"" + strings.Repeat("é", MaxField+1) + "\"\n", "INF file, line 2: a field longer than 4096 characters", ErrTooLarge},
		{"long joined field", "[A]\nk=" + strings.Repeat("vvvv\\\n", MaxField) + "\n", "INF file, line 4098: a field longer than 4096 characters", ErrTooLarge},
		{"unpaired surrogate", "\xff\xfe[\x00A\x00]\x00\n\x00\x00\xd8", "INF file: not UTF-16LE text: an unpaired surrogate 0xd800 at byte 10", ErrEncoding},
		{"too many fields", "[A]\n" + strings.Repeat(",", MaxFields), fmt.Sprintf("INF file, line 2: more than %d fields", MaxFields), ErrTooLarge},
		{"too many lines", "[A]\n" + strings.Repeat("x\n", MaxEntries+1), fmt.Sprintf("INF file, line %d: more than %d lines with something on them", MaxEntries+2, MaxEntries), ErrTooLarge},
	} {
		_, err := Parse([]byte(tc.text))
		require.EqualError(t, err, tc.msg, tc.name)
		var e *inputerr.Error
		require.ErrorAs(t, err, &e, tc.name)
		require.ErrorIs(t, err, tc.kind, tc.name)
		if tc.kind == ErrEncoding {
			require.Zero(t, e.Line, tc.name)
			require.ErrorIs(t, err, wintext.ErrNotText, tc.name)
		} else {
			require.Equal(t, tc.msg, fmt.Sprintf("INF file, line %d: %s", e.Line, e.Detail), tc.name)
		}
	}
	_, err := Parse(make([]byte, MaxFileSize+1))
	require.ErrorIs(t, err, ErrTooLarge)
	require.EqualError(t, err, "INF file: 33554433 bytes, more than the 33554432 read")
}

// A [Manufacturer] that names one models section many times reads it
// once: its devices are shared, not copied.
func TestModelsAreShared(t *testing.T) {
	text := "[Manufacturer]\n" + strings.Repeat("M=Models,d,d,d\n", 1000) + "[Models]\n" + strings.Repeat("D=I,HW\n", 1000) + "[Models.d]\nE=I,HW2\n"
	ms := parse(t, text).Manufacturers()
	require.Len(t, ms, 1000)
	require.Len(t, ms[999].Sections, 4)
	require.Same(t, &ms[0].Sections[0].Devices[0], &ms[999].Sections[0].Devices[0])
	require.Equal(t, Device{Section: "Models.d", Line: 2004, Description: "E", Install: "I", HardwareID: "HW2"}, ms[5].Sections[3].Devices[0])
}

func FuzzINF(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(vectors, "*", "*.inf"))
	more, _ := filepath.Glob(filepath.Join(vectors, "System32", "DriverStore", "FileRepository", "*", "*.inf"))
	for _, name := range append(files, more...) {
		b, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte("[Version]\nDriverVer=1/1/2000,1.2\n[Manufacturer]\n%M%=S,NTamd64\n[S.NTamd64]\n%D%=I,H\n[Strings]\nM=\"a\"\"b\"\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := Parse(b)
		if err != nil {
			var e *inputerr.Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error: %v", err)
			}
			return
		}
		if v, ok := file.Version(); ok && v.DriverVer.Err != nil && !errors.Is(v.DriverVer.Err, ErrSyntax) {
			t.Fatalf("untyped DriverVer error: %v", v.DriverVer.Err)
		}
		file.Manufacturers()
		for _, s := range file.Sections {
			for _, e := range s.Entries {
				for _, v := range e.Values {
					if x := file.Expand(v); len(x) > 4*MaxField {
						t.Fatalf("expanded past the cap: %d bytes", len(x))
					}
				}
			}
		}
	})
}

// What SetupAPI makes of a line, as Wine's tests of it record Windows'
// answers: the key (nil: none) and the fields, strings substituted.
func TestLinesAsSetupAPIReadsThem(t *testing.T) {
	str := "\n[Strings]\nfoo=aaa\nbar=bbb\none=1\ntwo=2\nloop=%loop2%\nloop2=%loop%\nnul=x\x00y \x00\n"
	key := func(s string) *string { return &s }
	for _, tc := range []struct {
		line   string
		key    *string
		values []string
	}{
		{"k=v1,v2", key("k"), []string{"v1", "v2"}},
		{"single", key("single"), []string{"single"}},
		{"v1,v2=v3", nil, []string{"v1", "v2=v3"}},
		{"=v", key(""), []string{"v"}},
		{"=", key(""), []string{""}},
		{",=,,v", nil, []string{"", "=", "", "v"}},
		{"k=v,,,w,\"\",\" \"", key("k"), []string{"v", "", "", "w", "", " "}},
		{"jo\\\nined=v", key("joined"), []string{"v"}},
		{"jo  \\  ;note\nined=v", key("joined"), []string{"v"}},
		{"a \\ b=v", key("a \\ b"), []string{"v"}},
		{"k=x\\\\y", key("k"), []string{"x\\\\y"}},
		{"k=v \\ ", key("k"), []string{"v"}},
		{"k=a \\ \n \\ \n b", key("k"), []string{"ab"}},
		{"k=a \\ \n \\ b", key("k"), []string{"a\\ b"}},
		{"  \\ k= \\ v", key("\\ k"), []string{"\\ v"}},
		{"K\"e\"y=v", key("Key"), []string{"v"}},
		{"K\"ey=v\"", key("Key=v"), []string{"Key=v"}},
		{"a\"\"\"b,c=d\"", key("a\"b,c=d"), []string{"a\"b,c=d"}},
		{"k=a\",\"b", key("k"), []string{"a,b"}},
		{"k=a\",b", key("k"), []string{"a,b"}},
		{"HKLM,A,'C'", nil, []string{"HKLM", "A", "'C'"}},
		{" a b = c , d ", key("a b"), []string{"c", "d"}},
		{" a b\r = c\r", key("a b"), []string{"c"}},
		{"k=a\x00b", key("k"), []string{"a b"}},
		{"k=%nul%", key("k"), []string{"x y"}},
		{"%foo%=%bar%", key("aaa"), []string{"bbb"}},
		{"%foo%x=%bar%y", key("aaax"), []string{"bbby"}},
		{"%% %foo%=v", key("% aaa"), []string{"v"}},
		{"%f\"o\"o%=v", key("aaa"), []string{"v"}},
		{"k=%bar;note%", key("k"), []string{"%bar"}},
		{"k=%loop%", key("k"), []string{"%loop2%"}},
		{"%one%%two%=v", key("12"), []string{"v"}},
	} {
		f := parse(t, str+"[Test]\n"+tc.line)
		e := f.Section("Test").Entries[0]
		got := make([]string, len(e.Values))
		for i, v := range e.Values {
			got[i] = f.Expand(v)
		}
		require.Equal(t, tc.values, got, "%q", tc.line)
		if tc.key == nil {
			require.False(t, e.HasKey, "%q", tc.line)
			continue
		}
		require.Same(t, &f.Section("Test").Entries[0], f.Section("Test").Get(*tc.key), "%q", tc.line)
	}
	// A line before the first section is refused only when the file has no [Strings].
	f := parse(t, "garbage\n[Version]\nSignature=$Windows NT$\n[strings]\n")
	require.Len(t, f.Sections, 2)
	_, err := Parse([]byte("garbage\n[Version]\nSignature=$Windows NT$\n"))
	require.EqualError(t, err, "INF file, line 1: a line before the first [section]")
}
