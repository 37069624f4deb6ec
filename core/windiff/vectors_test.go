package windiff

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/diff"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
)

const vectors = "../../testvectors/windows-diff/"

// expected is testvectors/windows-diff/expected.json: what make.sh
// changed from image 1 to image 2 of pair.wim, read back by hivex,
// python3-pefile and sbverify.
type expected struct {
	Version  []view.WinValueChange `json:"version"`
	Packages []struct {
		Kind     string `json:"kind"`
		Name     string `json:"name"`
		KB       string `json:"kb"`
		OldState uint32 `json:"old_state"`
		NewState uint32 `json:"new_state"`
	} `json:"packages"`
	Drivers []struct {
		Kind       string `json:"kind"`
		Path       string `json:"path"`
		OldPath    string `json:"old_path"`
		OldVersion string `json:"old_version"`
		NewVersion string `json:"new_version"`
		OldDate    string `json:"old_date"`
		NewDate    string `json:"new_date"`
	} `json:"drivers"`
	Services []struct {
		Kind     string `json:"kind"`
		Name     string `json:"name"`
		OldStart *int   `json:"old_start"`
		NewStart *int   `json:"new_start"`
	} `json:"services"`
	Apps []struct {
		Kind, Name, Architecture string
		OldVersion               string `json:"old_version"`
		NewVersion               string `json:"new_version"`
	} `json:"apps"`
	PE    []view.WinFileVersion     `json:"pe"`
	WinRE struct{ Old, New string } `json:"winre"`
	Boot  []struct {
		Path       string                            `json:"path"`
		OldSigners []struct{ Signer, Issuer string } `json:"old_signers"`
		NewSigners []struct{ Signer, Issuer string } `json:"new_signers"`
	} `json:"boot"`
	Registry map[string][]struct {
		Kind, Key, Value string
	} `json:"registry"`
}

// Windows' words for a service's Start, as core/windows writes them.
var startWords = []string{"boot", "system", "automatic", "manual", "disabled"}

// stateWords are CBS's CurrentState values the script writes.
var stateWords = map[uint32]string{0x40: "staged", 0x70: "installed"}

func compareVector(t *testing.T) view.WinDiff {
	t.Helper()
	f, err := os.Open(vectors + "pair.wim")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	st, _ := f.Stat()
	a, err := wim.Open(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	oldImg, err := a.Image(1)
	if err != nil {
		t.Fatal(err)
	}
	newImg, err := a.Image(2)
	if err != nil {
		t.Fatal(err)
	}
	files, err := diff.Images(context.Background(), oldImg, newImg, diff.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Compare(context.Background(), Image{a, 1, oldImg}, Image{a, 2, newImg}, files, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestVector(t *testing.T) {
	b, err := os.ReadFile(vectors + "expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var want expected
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	d := compareVector(t)
	if len(d.Problems) > 0 {
		t.Errorf("problems: %+v", d.Problems)
	}

	// Version: the UBR the script changed, and the build with it.
	wantVersion := append([]view.WinValueChange{{Name: "Build", Old: d.Old.Build, New: d.New.Build}}, want.Version...)
	if !slices.Equal(d.Version, wantVersion) || d.Old.Build == d.New.Build {
		t.Errorf("version: got %+v, want %+v", d.Version, wantVersion)
	}

	var got []string
	for _, p := range d.Packages {
		got = append(got, string(p.Kind)+" "+p.Name+" KB"+p.KB+" "+p.OldState+"→"+p.NewState)
	}
	var exp []string
	for _, p := range want.Packages {
		kb := p.KB
		if kb == "" {
			for _, g := range d.Packages {
				if g.Name == p.Name {
					kb = g.KB // the script did not change it
				}
			}
		}
		exp = append(exp, p.Kind+" "+p.Name+" KB"+kb+" "+stateWords[p.OldState]+"→"+stateWords[p.NewState])
	}
	same(t, "packages", got, exp)

	got, exp = nil, nil
	for _, x := range d.Drivers {
		got = append(got, string(x.Kind)+" "+x.Path+" ("+x.OldPath+") "+x.OldVersion+" "+x.OldDate+"→"+x.NewVersion+" "+x.NewDate)
	}
	for _, x := range want.Drivers {
		exp = append(exp, x.Kind+" "+x.Path+" ("+x.OldPath+") "+x.OldVersion+" "+x.OldDate+"→"+x.NewVersion+" "+x.NewDate)
	}
	same(t, "drivers", got, exp)

	got, exp = nil, nil
	for _, s := range d.Services {
		got = append(got, string(s.Kind)+" "+s.Name+" "+s.OldStart+"→"+s.NewStart)
	}
	word := func(n *int) string {
		if n == nil {
			return ""
		}
		return startWords[*n]
	}
	for _, s := range want.Services {
		exp = append(exp, s.Kind+" "+s.Name+" "+word(s.OldStart)+"→"+word(s.NewStart))
	}
	same(t, "services", got, exp)

	got, exp = nil, nil
	for _, a := range d.Apps {
		got = append(got, string(a.Kind)+" "+a.Name+" "+a.Architecture+" "+a.OldVersion+"→"+a.NewVersion)
	}
	for _, a := range want.Apps {
		exp = append(exp, a.Kind+" "+a.Name+" "+a.Architecture+" "+a.OldVersion+"→"+a.NewVersion)
	}
	same(t, "apps", got, exp)

	if !slices.Equal(d.Files.Changes, want.PE) {
		t.Errorf("PE versions: got %+v, want %+v", d.Files.Changes, want.PE)
	}
	if d.Files.Checked == 0 || d.Files.Omitted != 0 {
		t.Errorf("PE files: %d checked, %d omitted", d.Files.Checked, d.Files.Omitted)
	}
	if wantRE := []view.WinValueChange{{Name: "Build", Old: want.WinRE.Old, New: want.WinRE.New}}; !slices.Equal(d.WinRE, wantRE) {
		t.Errorf("WinRE: got %+v, want %+v", d.WinRE, wantRE)
	}

	got, exp = nil, nil
	for _, b := range d.Boot {
		got = append(got, b.Path+": "+signerText(b.Old.Signers)+" → "+signerText(b.New.Signers))
	}
	for _, b := range want.Boot {
		var o, n []view.WinSigner
		for _, s := range b.OldSigners {
			o = append(o, view.WinSigner{Signer: s.Signer, Issuer: s.Issuer})
		}
		for _, s := range b.NewSigners {
			n = append(n, view.WinSigner{Signer: s.Signer, Issuer: s.Issuer})
		}
		exp = append(exp, b.Path+": "+signerText(o)+" → "+signerText(n))
	}
	same(t, "boot", got, exp)

	for _, h := range d.Registry {
		got, exp = nil, nil
		for _, c := range h.Changes {
			got = append(got, string(c.Kind)+" "+c.Key+" "+c.Value)
		}
		for _, c := range want.Registry[h.Hive] {
			exp = append(exp, c.Kind+" "+c.Key+" "+c.Value)
		}
		same(t, "registry "+h.Hive, got, exp)
		if h.Error != nil || len(h.Problems) > 0 || h.Total != len(h.Changes) || h.Identical {
			t.Errorf("registry %s: %+v", h.Hive, h)
		}
	}
	if len(d.Registry) != 2 {
		t.Errorf("registry: %d hives compared, want SOFTWARE and SYSTEM", len(d.Registry))
	}
}

func signerText(ss []view.WinSigner) string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Signer+" / "+s.Issuer)
	}
	return "[" + strings.Join(out, "; ") + "]"
}

// same compares two lists as sets: the order is the report's.
func same(t *testing.T, what string, got, want []string) {
	t.Helper()
	g, w := slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))
	if !slices.Equal(g, w) {
		t.Errorf("%s:\n got  %q\n want %q", what, g, w)
	}
}

// TestSameImage: an image compared with itself lists nothing, and reads
// neither hive.
func TestSameImage(t *testing.T) {
	f, err := os.Open(vectors + "pair.wim")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	a, err := wim.Open(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	img, err := a.Image(2)
	if err != nil {
		t.Fatal(err)
	}
	files, err := diff.Images(context.Background(), img, img, diff.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Compare(context.Background(), Image{a, 2, img}, Image{a, 2, img}, files, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(d.Version) + len(d.Packages) + len(d.Drivers) + len(d.Services) + len(d.Apps) + len(d.Boot) + len(d.WinRE) + len(d.Files.Changes); n != 0 {
		t.Errorf("%d changes listed: %+v", n, d)
	}
	for _, h := range d.Registry {
		if !h.Identical || h.Keys != 0 {
			t.Errorf("registry %s: %+v", h.Hive, h)
		}
	}
}
