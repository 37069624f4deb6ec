package windows

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/internal/hivetest"
	"github.com/wimlens/wimlens/internal/wimtest"
)

const vectors = "../../testvectors/windows-image/"

// expected is testvectors/windows-image/expected.json: what make.sh put
// into each image, read back by hivex, pefile and sbverify, and the
// WINDOWS element wimlib-imagex wrote.
type expected struct {
	Images []vectorImage `json:"images"`
}

// vectorImage is what expected.json says of one image.
type vectorImage struct {
	Image     int               `json:"image"`
	Version   map[string]string `json:"version"`
	Build     string            `json:"build"`
	Languages []string          `json:"languages"`
	Install   string            `json:"install_language"`
	Services  []struct {
		Name      string `json:"name"`
		Type      uint32 `json:"type"`
		Start     *uint32
		ImagePath string `json:"image_path"`
		Group     string `json:"group"`
	} `json:"services"`
	Packages []struct {
		Name        string  `json:"name"`
		State       *uint32 `json:"state"`
		KB          string  `json:"kb"`
		ReleaseType string  `json:"release_type"`
	} `json:"packages"`
	Drivers []struct {
		Path, Class, Provider, Version, Date string
	} `json:"drivers"`
	Registered  []string `json:"registered_apps"`
	Provisioned []string `json:"provisioned_apps"`
	Kernel32    struct {
		Machine     uint16 `json:"machine"`
		FileVersion string `json:"file_version"`
	} `json:"kernel32"`
	Boot []struct {
		Path    string
		Absent  bool
		Signers []struct{ Signer, Issuer string }
	} `json:"boot"`
	WinRE struct {
		Path, Build, Edition string
	} `json:"winre"`
	XML struct {
		Arch, ProductName, EditionID, InstallationType, Major, Minor, Build, SPBuild, Default string
		Languages                                                                             []string
	} `json:"wimlib_xml"`
	Disagreements []struct{ Field, XML, Image string } `json:"disagreements"`
}

func openVector(t testing.TB) *wim.Archive {
	f, err := os.Open(vectors + "windows.wim")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	st, _ := f.Stat()
	a, err := wim.Open(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func field(fields []view.WinField, name string) string {
	for _, f := range fields {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

func TestVectors(t *testing.T) {
	var want expected
	b, err := os.ReadFile(vectors + "expected.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	a := openVector(t)
	for _, w := range want.Images {
		img, err := a.Image(w.Image)
		if err != nil {
			t.Fatal(err)
		}
		rep := Report(a, w.Image, img)
		t.Run(strconv.Itoa(w.Image), func(t *testing.T) { checkVector(t, rep, w) })
	}
}

func checkVector(t *testing.T, rep view.WindowsReport, w vectorImage) {
	for _, sec := range []*view.ErrorInfo{rep.Version.Error, rep.Languages.Error, rep.Architecture.Error, rep.Packages.Error,
		rep.Drivers.Error, rep.Services.Error, rep.Apps.Error, rep.Apps.ProvisioningError, rep.WinRE.Error} {
		if sec != nil {
			t.Errorf("section error: %s", sec.Message)
		}
	}
	// Version: every value the script wrote that the report shows.
	for _, f := range rep.Version.Fields {
		if f.Value != w.Version[f.Name] {
			t.Errorf("%s = %q, hivex reads %q", f.Name, f.Value, w.Version[f.Name])
		}
		if f.Source.File != `Windows\System32\config\SOFTWARE` || f.Source.Key != currentVersionKey || f.Source.Value != f.Name {
			t.Errorf("%s: source %+v", f.Name, f.Source)
		}
	}
	if len(rep.Version.Fields) < 10 || rep.Version.Build != w.Build {
		t.Errorf("version: %d fields, build %q; want build %q", len(rep.Version.Fields), rep.Version.Build, w.Build)
	}
	// The fields wimlib's capture fills from the same files (the XML of
	// image 1; image 2's was left stale on purpose).
	if w.Image == 1 {
		x := w.XML
		for name, got := range map[string]string{
			x.ProductName: field(rep.Version.Fields, "ProductName"), x.EditionID: field(rep.Version.Fields, "EditionID"),
			x.InstallationType: field(rep.Version.Fields, "InstallationType"),
			x.Major:            field(rep.Version.Fields, "CurrentMajorVersionNumber"),
			x.Build:            field(rep.Version.Fields, "CurrentBuild"), x.Default: rep.Languages.Default,
		} {
			if name != got {
				t.Errorf("wimlib's XML says %q, the report %q", name, got)
			}
		}
		if field(rep.Version.Fields, "CurrentMinorVersionNumber") != x.Minor {
			t.Errorf("minor: wimlib %q", x.Minor)
		}
		if !slices.Equal(rep.Languages.Installed, x.Languages) {
			t.Errorf("languages %q, wimlib %q", rep.Languages.Installed, x.Languages)
		}
		if strconv.FormatUint(archCodes[w.Kernel32.Machine], 10) != x.Arch || rep.Architecture.Arch != "x64" {
			t.Errorf("arch %q, wimlib %q", rep.Architecture.Arch, x.Arch)
		}
	}
	if !slices.Equal(rep.Languages.Installed, w.Languages) || field(rep.Languages.Fields, "InstallLanguage") != w.Install {
		t.Errorf("languages %+v", rep.Languages)
	}
	if k := rep.Architecture.Files[0]; k.Path != `Windows\System32\kernel32.dll` || k.FileVersion != w.Kernel32.FileVersion {
		t.Errorf("kernel32: %+v", k)
	}
	// Services.
	if len(rep.Services.Services) != len(w.Services) || rep.Services.ControlSet != "ControlSet001" {
		t.Fatalf("services: %+v", rep.Services)
	}
	for i, s := range w.Services {
		g := rep.Services.Services[i]
		if g.Name != s.Name || g.TypeCode != s.Type || g.HasStart != (s.Start != nil) || s.Start != nil && g.StartCode != *s.Start ||
			g.ImagePath != s.ImagePath || g.Group != s.Group || g.Type == "" {
			t.Errorf("service %d: %+v, want %+v", i, g, s)
		}
	}
	// Packages, joined with their manifests.
	if len(rep.Packages.Packages) != len(w.Packages) || rep.Packages.Manifests != 3 || rep.Packages.Omitted != 0 {
		t.Fatalf("packages: %+v", rep.Packages)
	}
	for i, p := range w.Packages {
		g := rep.Packages.Packages[i]
		if g.Name != p.Name || g.InRegistry != (p.State != nil) || p.State != nil && g.StateCode != *p.State ||
			g.KB != p.KB || g.ReleaseType != p.ReleaseType || g.Error != "" {
			t.Errorf("package %d: %+v, want %+v", i, g, p)
		}
	}
	// Drivers: oem*.inf (not machine.inf) and the store's.
	if len(rep.Drivers.Drivers) != len(w.Drivers) || rep.Drivers.Found != len(w.Drivers) {
		t.Fatalf("drivers: %+v", rep.Drivers)
	}
	for i, d := range w.Drivers {
		g := rep.Drivers.Drivers[i]
		if g.Path != d.Path || g.Class != d.Class || g.Provider != d.Provider || g.Version != d.Version || g.Date != d.Date ||
			g.Store != strings.Contains(d.Path, "DriverStore") || g.Error != "" {
			t.Errorf("driver %d: %+v, want %+v", i, g, d)
		}
	}
	// Apps.
	var reg, prov []string
	for _, a := range rep.Apps.Apps {
		if a.Registered {
			reg = append(reg, a.FullName)
		}
		if a.Provisioned {
			prov = append(prov, a.FullName)
		}
	}
	if !slices.Equal(reg, w.Registered) || !slices.Equal(sorted(prov), sorted(w.Provisioned)) {
		t.Errorf("apps: registered %q, provisioned %q", reg, prov)
	}
	// Boot files.
	for i, b := range w.Boot {
		g := rep.Boot.Files[i]
		if g.Path != b.Path || g.Present == b.Absent || len(g.Signers) != len(b.Signers) || g.Error != nil {
			t.Errorf("boot %d: %+v, want %+v", i, g, b)
			continue
		}
		for j, s := range b.Signers {
			if g.Signers[j].Signer != s.Signer || g.Signers[j].Issuer != s.Issuer {
				t.Errorf("boot %d signer %d: %+v, sbverify %+v", i, j, g.Signers[j], s)
			}
		}
	}
	// WinRE, opened in place.
	if r := rep.WinRE; !r.Present || r.Path != w.WinRE.Path || r.Build != w.WinRE.Build || field(r.Fields, "EditionID") != w.WinRE.Edition {
		t.Errorf("winre: %+v, want %+v", r, w.WinRE)
	}
	// Disagreements: exactly those the script made.
	if len(rep.Disagreements) != len(w.Disagreements) {
		t.Fatalf("disagreements: %+v, want %+v", rep.Disagreements, w.Disagreements)
	}
	for i, d := range w.Disagreements {
		if g := rep.Disagreements[i]; g.Field != d.Field || g.XML != d.XML || g.Image != d.Image {
			t.Errorf("disagreement %d: %+v, want %+v", i, g, d)
		}
	}
	if rep.Read.Files == 0 || rep.Read.Bytes == 0 {
		t.Errorf("read: %+v", rep.Read)
	}
}

// A hive is read key by key: the report reads a small part of a SOFTWARE
// hive of megabytes.
func TestReadsLittleOfBigHive(t *testing.T) {
	soft := gunzip(t, "SOFTWARE") // 8 MB, nearly all free cells
	rep := report(t, wimtest.Build(winTree(soft, gunzip(t, "SYSTEM"), nil)...))
	if rep.Version.Build != "19045.3803" || rep.Version.Error != nil {
		t.Fatalf("version: %+v", rep.Version)
	}
	if rep.Read.Bytes > int64(len(soft))/4 {
		t.Errorf("read %d bytes of files for a %d-byte hive", rep.Read.Bytes, len(soft))
	}
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

func gunzip(t testing.TB, name string) []byte {
	b, err := hivetest.Gunzip("../../testvectors/hives/" + name + ".gz")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// winTree is a Windows folder holding the given hives and, when not nil,
// a Winre.wim.
func winTree(software, system, winre []byte) []*wimtest.Entry {
	dir := func(name string, kids ...*wimtest.Entry) *wimtest.Entry {
		return &wimtest.Entry{Name: name, Dir: true, Children: kids}
	}
	config := dir("config", &wimtest.Entry{Name: "SOFTWARE", Data: software}, &wimtest.Entry{Name: "SYSTEM", Data: system})
	sys32 := dir("System32", config)
	if winre != nil {
		sys32.Children = append(sys32.Children, dir("Recovery", &wimtest.Entry{Name: "Winre.wim", Data: winre}))
	}
	return []*wimtest.Entry{dir("Windows", sys32)}
}

func report(t testing.TB, b []byte) view.WindowsReport {
	a, err := wim.Open(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	img, err := a.Image(1)
	if err != nil {
		t.Fatal(err)
	}
	return Report(a, 1, img)
}

// A corrupt SOFTWARE hive is the error of the sections read from it; the
// SYSTEM hive's sections are still reported.
func TestCorruptHive(t *testing.T) {
	soft := gunzip(t, "SOFTWARE")[:4096] // the base block alone: the root key is past the end
	rep := report(t, wimtest.Build(winTree(soft, gunzip(t, "SYSTEM"), []byte("not a WIM"))...))
	for name, e := range map[string]*view.ErrorInfo{"version": rep.Version.Error, "packages": rep.Packages.Error, "apps": rep.Apps.Error, "winre": rep.WinRE.Error} {
		if e == nil || !strings.Contains(e.Message, "SOFTWARE") && name != "winre" {
			t.Errorf("%s: error %+v", name, e)
		}
	}
	if rep.Languages.Error != nil || len(rep.Languages.Installed) != 1 || rep.Services.Error != nil || len(rep.Services.Services) != 4 {
		t.Errorf("SYSTEM's sections: %+v %+v", rep.Languages, rep.Services)
	}
	if !rep.WinRE.Present || rep.WinRE.Build != "" {
		t.Errorf("winre: %+v", rep.WinRE)
	}
}

// A Winre.wim holding a Winre.wim is read one level deep: the inner one's
// version is read, the one inside it never opened (it is garbage here, so
// opening it would be an error).
func TestWinREDepth(t *testing.T) {
	soft, sys := gunzip(t, "SOFTWARE"), gunzip(t, "SYSTEM")
	inner := wimtest.Build(winTree(soft, sys, []byte("garbage, never opened"))...)
	outer := wimtest.Build(winTree(soft, sys, inner)...)
	rep := report(t, outer)
	if r := rep.WinRE; !r.Present || r.Error != nil || r.Build != "19045.3803" || r.Image != 1 {
		t.Errorf("winre: %+v", r)
	}
	// The WIM that holds itself: the image's Winre.wim is the image's own
	// file, read as it was (one level).
	self := wimtest.Build(winTree(soft, sys, outer)...)
	if r := report(t, self).WinRE; r.Error != nil || r.Build != "19045.3803" {
		t.Errorf("winre of a WIM inside itself: %+v", r)
	}
}

// An image without Windows says so in every section, and nothing breaks.
func TestNoWindows(t *testing.T) {
	rep := report(t, wimtest.Build(&wimtest.Entry{Name: "readme.txt", Data: []byte("hi")}))
	if rep.Version.Error == nil || rep.Languages.Error == nil || rep.WinRE.Present || len(rep.Drivers.Drivers) != 0 || len(rep.Disagreements) != 0 {
		t.Errorf("%+v", rep)
	}
}

// FuzzReport runs the whole report over hostile hives inside an image.
func FuzzReport(f *testing.F) {
	f.Add(gunzip(f, "empty"), gunzip(f, "SYSTEM"))
	f.Add(gunzip(f, "SYSTEM"), gunzip(f, "SYSTEM")[:5000])
	f.Fuzz(func(t *testing.T, software, system []byte) {
		rep := report(t, wimtest.Build(winTree(software, system, software)...))
		if rep.Image != 1 {
			t.Fatal(rep.Image)
		}
	})
}

// Every field the XML holds is compared: a crafted WINDOWS element that
// says otherwise than the hives and kernel32.dll on each.
func TestDisagreements(t *testing.T) {
	k32, err := os.ReadFile("../../testvectors/pe/wine64-lz32.dll") // x64
	if err != nil {
		t.Fatal(err)
	}
	tree := winTree(gunzip(t, "SOFTWARE"), gunzip(t, "SYSTEM"), nil)
	sys32 := tree[0].Children[0]
	sys32.Children = append(sys32.Children, &wimtest.Entry{Name: "KERNEL32.DLL", Data: k32})
	doc := `<WIM><IMAGE INDEX="1"><NAME>x</NAME><WINDOWS><ARCH>0</ARCH><PRODUCTNAME>Windows 8.1</PRODUCTNAME>
<EDITIONID>Core</EDITIONID><INSTALLATIONTYPE>Server</INSTALLATIONTYPE>
<LANGUAGES><LANGUAGE>fr-FR</LANGUAGE><DEFAULT>fr-FR</DEFAULT></LANGUAGES>
<VERSION><MAJOR>6</MAJOR><MINOR>3</MINOR><BUILD>9600</BUILD><SPBUILD>17031</SPBUILD></VERSION>
<SYSTEMROOT>WINDOWS</SYSTEMROOT></WINDOWS></IMAGE></WIM>`
	rep := report(t, wimtest.BuildXML(doc, tree...))
	got := map[string]string{}
	for _, d := range rep.Disagreements {
		got[d.Field] = d.XML + " / " + d.Image
	}
	want := map[string]string{
		"PRODUCTNAME": "Windows 8.1 / Windows 10 Pro", "EDITIONID": "Core / Professional",
		"INSTALLATIONTYPE": "Server / Client", "VERSION/MAJOR": "6 / 10", "VERSION/MINOR": "3 / 0",
		"VERSION/BUILD": "9600 / 19045", "VERSION/SPBUILD": "17031 / 3803", "LANGUAGES/LANGUAGE": "fr-FR / en-US",
		"LANGUAGES/DEFAULT": "fr-FR / en-US (0409)", "ARCH": "x86 / x64",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("disagreements\n got %v\nwant %v", got, want)
	}
}

// The limits are kept and said: files past them are counted, not read.
func TestLimits(t *testing.T) {
	a := openVector(t)
	img, err := a.Image(1)
	if err != nil {
		t.Fatal(err)
	}
	rep := ReportWith(a, 1, img, Limits{Manifests: 1, INFs: 2, Bytes: 1 << 20, Keys: 3})
	if p := rep.Packages; p.Manifests != 3 || p.Omitted != 2 || p.ManifestLimit != 1 {
		t.Errorf("packages: %d manifests, %d omitted", p.Manifests, p.Omitted)
	}
	if d := rep.Drivers; d.Found != 3 || len(d.Drivers) != 2 || d.Omitted != 1 {
		t.Errorf("drivers: %+v", d)
	}
	if s := rep.Services; len(s.Services) != 3 || s.Error == nil {
		t.Errorf("services past the limit: %d, error %v", len(s.Services), s.Error)
	}
	small := ReportWith(a, 1, img, Limits{Manifests: 10, INFs: 10, Bytes: 3000, Keys: 100})
	if small.Drivers.Omitted+small.Packages.Omitted == 0 {
		t.Errorf("a 3,000-byte budget read every INF and manifest")
	}
}

// A Reading's summary is the report's summary sections, read before and
// without the lists; the report that follows is Report's.
func TestSummaryThenReport(t *testing.T) {
	a := openVector(t)
	img, err := a.Image(2)
	if err != nil {
		t.Fatal(err)
	}
	whole := Report(a, 2, img)
	g := NewReading(a, 2, img, DefaultLimits)
	sum := g.Summary()
	if len(sum.Packages.Packages)+len(sum.Drivers.Drivers)+len(sum.Services.Services)+len(sum.Apps.Apps) != 0 {
		t.Errorf("the summary has lists: %+v", sum)
	}
	if sum.Packages.Packages == nil || sum.Drivers.Drivers == nil || sum.Services.Services == nil || sum.Apps.Apps == nil {
		t.Errorf("the summary's empty lists go out as null: %+v", sum)
	}
	if !reflect.DeepEqual(sum.Version, whole.Version) || !reflect.DeepEqual(sum.Languages, whole.Languages) ||
		!reflect.DeepEqual(sum.Architecture, whole.Architecture) || !reflect.DeepEqual(sum.Boot, whole.Boot) ||
		!reflect.DeepEqual(sum.WinRE, whole.WinRE) || !reflect.DeepEqual(sum.Disagreements, whole.Disagreements) {
		t.Errorf("summary %+v\nreport %+v", sum, whole)
	}
	if len(sum.Disagreements) == 0 {
		t.Error("image 2's stale XML is not in the summary")
	}
	if sum.Read.Files >= whole.Read.Files {
		t.Errorf("the summary read %d files, the report %d", sum.Read.Files, whole.Read.Files)
	}
	if got := g.Report(); !reflect.DeepEqual(got, whole) {
		t.Errorf("report after summary %+v\nreport %+v", got, whole)
	}
}
