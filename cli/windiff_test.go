package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/view"
)

const windiffVector = "../testvectors/windows-diff/pair.wim"

// diff --windows prints each section with old → new, and exits 1 as diff
// does when something changed; core/windiff's tests check every change
// against what make.sh wrote.
func TestDiffWindowsText(t *testing.T) {
	r := must(t, 1, "diff", windiffVector, "1", "2", "--windows")
	text := spaces.ReplaceAllString(r.stdout, " ")
	for _, want := range []string{
		"Image 1 (build 19045.3803) → image 2 (build 19045.4170)",
		"UBR 3803 → 4170",
		"~ OpenSSH-Client-Package~31bf3856ad364e35~amd64~~10.0.22621.1 KB777778 OnDemand Pack staged → installed",
		"+ Package_for_RollupFix~31bf3856ad364e35~amd64~~22621.2861.1.6 KB5033375 Security Update installed",
		"~ Windows\\INF\\oem7.inf Ports", "5.2.0.11 2021-01-05 → 5.3.0.2 2024-02-14",
		"~ wuauserv start manual → disabled",
		"~ Microsoft.VCLibs.140.00 x64 14.0.30704.0 → 14.0.33519.0",
		"Microsoft UEFI CA 2023 signer (Microsoft UEFI CA 2023)",
		"Build 19045.3570 → 19045.3693",
		"/Windows/System32/kernel32.dll 5.1.2600.2180 → 5.1.2600.2200",
		`~ HKLM\SYSTEM\ControlSet001\Services\wuauserv "Start" REG_DWORD 0x00000003 (3) → REG_DWORD 0x00000004 (4)`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in\n%s", want, r.stdout)
		}
	}
	// A boot file re-signed at the same version lists its signers alone.
	if strings.Contains(r.stdout, "(none) → (none)") || strings.Contains(text, "bootmgfw.efi version") {
		t.Errorf("a boot file's unchanged version is listed:\n%s", r.stdout)
	}
	// An image against itself: nothing listed, exit 0.
	r = must(t, 0, "diff", windiffVector, "2", "2", "--windows")
	if !strings.Contains(r.stdout, "Packages: no change") || !strings.Contains(r.stdout, "Registry, SOFTWARE (Windows\\System32\\config\\SOFTWARE): the same file") {
		t.Errorf("same image:\n%s", r.stdout)
	}
}

// The two-file form gives the same comparison.
func TestDiffWindowsJSON(t *testing.T) {
	r := must(t, 1, "diff", windiffVector, "1", windiffVector, "2", "--windows", "--json")
	var d view.WinDiff
	check(t, json.Unmarshal([]byte(r.stdout), &d))
	if d.Old.Build != "19045.3803" || d.New.Build != "19045.4170" || len(d.Packages) != 3 || len(d.Registry) != 2 || d.Registry[1].Total != 2 {
		t.Errorf("%+v", d)
	}
}

// Names and data from the images are escaped in the text: no control or
// bidi character reaches the terminal.
func TestDiffWindowsEscapes(t *testing.T) {
	evil := "a\x1b[2Jb\u202ec\nd"
	d := view.WinDiff{
		Version:  []view.WinValueChange{{Name: evil, Old: evil, New: evil}},
		Packages: []view.WinPackageChange{{Kind: view.WinAdded, Name: evil, KB: evil, ReleaseType: evil, NewState: evil}},
		Drivers:  []view.WinDriverChange{{Kind: view.WinChanged, Path: evil, OldPath: evil, Class: evil, Provider: evil, OldVersion: evil, NewVersion: evil}},
		Services: []view.WinServiceChange{{Kind: view.WinChanged, Name: evil, OldStart: evil, NewStart: "x", OldImagePath: evil, NewImagePath: "y", OldType: evil, NewType: "z"}},
		Apps:     []view.WinAppChange{{Kind: view.WinChanged, Name: evil, Architecture: evil, OldVersion: evil, NewVersion: evil}},
		Boot: []view.WinBootChange{{Path: evil, Old: view.WinPEFile{Present: true, FileVersion: evil, Signers: []view.WinSigner{{Signer: evil, Issuer: evil}}},
			New: view.WinPEFile{Present: true}}},
		WinRE: []view.WinValueChange{{Name: evil, Old: evil, New: evil}},
		Files: view.WinFileVersions{Changes: []view.WinFileVersion{{Path: evil, Old: evil, New: evil}}},
		Registry: []view.WinHiveDiff{{Hive: "SOFTWARE", File: evil, Total: 2, Problems: []view.ErrorInfo{{Message: evil}},
			Changes: []view.WinRegChange{{Kind: view.RegValueChanged, Key: evil, Value: evil, OldType: "REG_SZ", Old: evil, NewType: "REG_SZ", New: evil},
				{Kind: view.RegKeyAdded, Key: evil}}}},
		Problems: []view.WinDiffProblem{{Side: "old", Section: "version", Error: view.ErrorInfo{Message: evil}}},
	}
	var b strings.Builder
	printWinDiff(&b, d)
	out := b.String()
	if strings.ContainsAny(out, "\x1b\u202e") || strings.Contains(out, "c\nd") {
		t.Errorf("unescaped:\n%s", out)
	}
	if strings.Count(out, `a\x1b[2Jb\u202ec\nd`) < 20 {
		t.Errorf("escaped names missing:\n%s", out)
	}
}
