package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/internal/wimtest"
)

var spaces = regexp.MustCompile(` +`)

const windowsVector = "../testvectors/windows-image/windows.wim"

// The text names every section, and the stale image's disagreements as
// "XML says / image says"; core/windows' tests check the values.
func TestWindowsText(t *testing.T) {
	r := must(t, 0, "windows", windowsVector, "1")
	text := spaces.ReplaceAllString(r.stdout, " ") // the columns' widths aside
	for _, want := range []string{
		"Build 19045.3803", "Installed de-DE, en-US", "Default language en-US", "Architecture x64",
		"staged KB777778 OnDemand Pack", "Net Contoso Ltd. 12.19.2.45 2023-07-14 Windows\\INF\\oem3.inf",
		"disk kernel driver boot SCSI Class",
		"Microsoft.VCLibs.140.00_14.0.30704.0_x64__8wekyb3d8bbwe registered, provisioned",
		`signed by "Microsoft Windows UEFI Driver Publisher", issued by "Microsoft Corporation UEFI CA 2011"`,
		`Windows\System32\Recovery\Winre.wim build 19045.3570`,
		"no field of the XML's WINDOWS element disagrees",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in\n%s", want, r.stdout)
		}
	}
	r = must(t, 0, "windows", windowsVector, "Windows 10 Pro, serviced")
	if !strings.Contains(spaces.ReplaceAllString(r.stdout, " "), `VERSION/SPBUILD XML says "3803", image says "4170"`) {
		t.Errorf("stale image:\n%s", r.stdout)
	}
	// Two images: IMAGE is needed.
	if r := wimlens(t, "windows", windowsVector); r.code != exitError || !strings.Contains(r.stderr, "has 2 images") {
		t.Errorf("no IMAGE: %d %q", r.code, r.stderr)
	}
}

func TestWindowsJSON(t *testing.T) {
	r := must(t, 0, "windows", windowsVector, "2", "--json")
	var rep view.WindowsReport
	check(t, json.Unmarshal([]byte(r.stdout), &rep))
	if rep.Image != 2 || rep.Version.Build != "19045.4170" || len(rep.Disagreements) != 2 || rep.WinRE.Build != "19045.3570" {
		t.Errorf("%+v", rep)
	}
}

// A corrupt hive: its sections say so, the others are printed, and the
// exit status is 1 with the sections named on stderr. Names from the image
// are escaped.
func TestWindowsDamage(t *testing.T) {
	dir := func(name string, kids ...*wimtest.Entry) *wimtest.Entry {
		return &wimtest.Entry{Name: name, Dir: true, Children: kids}
	}
	b := wimtest.Build(dir("Windows",
		dir("INF", &wimtest.Entry{Name: "oem1.inf", Data: []byte("\xef\xbb\xbf[Version]\r\nClass=Evil\u202etxt.exe\r\nDriverVer=01/02/2024,1.0\r\n")}),
		dir("System32", dir("config", &wimtest.Entry{Name: "SOFTWARE", Data: []byte("regf but not a hive")}))))
	p := filepath.Join(t.TempDir(), "bad.wim")
	check(t, os.WriteFile(p, b, 0o644))
	r := wimlens(t, "windows", p)
	if r.code != exitProblems || !strings.Contains(r.stderr, "the version") || !strings.Contains(r.stderr, "the languages") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, `Evil\u202etxt.exe`) || strings.Contains(r.stdout, "\u202e") || !strings.Contains(r.stdout, "cannot be read:") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
}
