package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/wimlens/wimlens/core/diff"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/windiff"
)

// diffWindows is `diff --windows`: what changed in Windows between the two
// images, by section. It exits 1 when something changed, as diff does.
func diffWindows(e *env, old, new windiff.Image, files *diff.Result, asJSON bool) error {
	d, err := windiff.Compare(e.ctx, old, new, files, windiff.DefaultLimits)
	if err != nil {
		return err
	}
	if asJSON {
		err = writeJSON(e.out, d)
	} else {
		printWinDiff(e.out, d)
	}
	if err == nil && winChanged(d) {
		return &quietError{}
	}
	return err
}

// winChanged says whether the comparison lists anything.
func winChanged(d view.WinDiff) bool {
	n := len(d.Version) + len(d.Packages) + len(d.Drivers) + len(d.Services) + len(d.Apps) + len(d.Boot) + len(d.WinRE) + len(d.Files.Changes)
	for _, h := range d.Registry {
		n += h.Total
	}
	return n > 0
}

// printWinDiff writes the comparison by section, "old → new", listing
// only what changed; a section with nothing says so in one line. Every
// string from the images goes through oneLine.
func printWinDiff(out io.Writer, d view.WinDiff) {
	w := tabwriter.NewWriter(out, 2, 8, 2, ' ', 0)
	defer w.Flush()
	line := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	arrow := func(o, n string) string { return orNone(o, "(none)") + " → " + orNone(n, "(none)") }
	section := func(title string, n int) bool {
		if n == 0 {
			line("\n%s: no change", title)
			return false
		}
		line("\n%s (%d)", title, n)
		return true
	}
	kind := func(k view.WinChangeKind) string {
		switch k {
		case view.WinAdded:
			return "+"
		case view.WinRemoved:
			return "-"
		}
		return "~"
	}

	line("Image %d (build %s) → image %d (build %s)", d.Old.Image, orNone(d.Old.Build, "unknown"), d.New.Image, orNone(d.New.Build, "unknown"))
	for _, p := range d.Problems {
		line("  the %s image's %s could not be read: %s", p.Side, p.Section, oneLine(p.Error.Message))
	}

	if section("Version", len(d.Version)) {
		for _, v := range d.Version {
			line("  %s\t%s", oneLine(v.Name), arrow(v.Old, v.New))
		}
	}
	if section("Packages", len(d.Packages)) {
		for _, p := range d.Packages {
			kb := ""
			if p.KB != "" {
				kb = "KB" + p.KB
			}
			state := orNone(p.NewState, "")
			switch p.Kind {
			case view.WinRemoved:
				state = orNone(p.OldState, "")
			case view.WinChanged:
				state = arrow(p.OldState, p.NewState)
			}
			line("  %s %s\t%s\t%s\t%s", kind(p.Kind), oneLine(p.Name), oneLine(kb), oneLine(p.ReleaseType), state)
		}
	}
	if section("Drivers", len(d.Drivers)) {
		for _, x := range d.Drivers {
			ver := x.NewVersion + " " + x.NewDate
			switch x.Kind {
			case view.WinRemoved:
				ver = x.OldVersion + " " + x.OldDate
			case view.WinChanged:
				ver = arrow(strings.TrimSpace(x.OldVersion+" "+x.OldDate), strings.TrimSpace(x.NewVersion+" "+x.NewDate))
			}
			line("  %s %s\t%s\t%s\t%s", kind(x.Kind), oneLine(x.Path), oneLine(x.Class), oneLine(x.Provider), oneLine(strings.TrimSpace(ver)))
			if x.OldPath != "" {
				line("      was %s", oneLine(x.OldPath))
			}
		}
	}
	if section("Services and drivers", len(d.Services)) {
		for _, s := range d.Services {
			var what []string
			switch s.Kind {
			case view.WinAdded:
				what = nonEmpty(s.NewType, s.NewStart, oneLine(s.NewImagePath))
			case view.WinRemoved:
				what = nonEmpty(s.OldType, s.OldStart, oneLine(s.OldImagePath))
			default:
				if s.OldStart != s.NewStart {
					what = append(what, "start "+arrow(s.OldStart, s.NewStart))
				}
				if s.OldImagePath != s.NewImagePath {
					what = append(what, "image path "+arrow(s.OldImagePath, s.NewImagePath))
				}
				if s.OldType != s.NewType {
					what = append(what, "type "+arrow(s.OldType, s.NewType))
				}
			}
			line("  %s %s\t%s", kind(s.Kind), oneLine(s.Name), strings.Join(what, "; "))
		}
	}
	if section("Apps", len(d.Apps)) {
		for _, a := range d.Apps {
			name := orNone(a.Name, orNone(a.NewFullName, a.OldFullName))
			ver := a.NewVersion
			switch a.Kind {
			case view.WinRemoved:
				ver = a.OldVersion
			case view.WinChanged:
				ver = arrow(a.OldVersion, a.NewVersion)
			}
			line("  %s %s\t%s\t%s", kind(a.Kind), name, oneLine(a.Architecture), oneLine(ver))
		}
	}
	if section("Boot files", len(d.Boot)) {
		for _, b := range d.Boot {
			// Only what moved: a boot file re-signed keeps its version.
			line("  %s", oneLine(b.Path))
			if o, n := peVersion(b.Old), peVersion(b.New); o != n {
				line("    version\t%s", arrow(o, n))
			}
			if o, n := signers(b.Old), signers(b.New); o != n {
				line("    signers\t%s", arrow(o, n))
			}
		}
	}
	if section("WinRE", len(d.WinRE)) {
		for _, v := range d.WinRE {
			line("  %s\t%s", oneLine(v.Name), arrow(v.Old, v.New))
		}
	}
	f := d.Files
	if section("PE file versions", len(f.Changes)) {
		for _, c := range f.Changes {
			line("  %s\t%s", oneLine(c.Path), arrow(c.Old, c.New))
		}
	}
	if f.Omitted > 0 {
		line("  %s of the modified files not looked at (at most %d are)", count(f.Omitted, "file", "files"), f.Limit)
	}
	for _, h := range d.Registry {
		switch {
		case h.Identical:
			line("\nRegistry, %s (%s): the same file", h.Hive, oneLine(h.File))
			continue
		case h.Total == 0 && h.Error == nil:
			line("\nRegistry, %s (%s; %s compared): no change", h.Hive, oneLine(h.File), count(h.Keys, "key", "keys"))
		default:
			line("\nRegistry, %s (%s; %s compared; %s)", h.Hive, oneLine(h.File), count(h.Keys, "key", "keys"), count(h.Total, "change", "changes"))
		}
		if h.Error != nil {
			line("  cannot be compared: %s", oneLine(h.Error.Message))
		}
		for _, p := range h.Problems {
			line("  %s", oneLine(p.Message))
		}
		for _, c := range h.Changes {
			regLine(line, c)
		}
		if h.Total > len(h.Changes) {
			line("  %d more changes not listed (at most %d are)", h.Total-len(h.Changes), h.Limit)
		}
	}
}

// regLine is one registry change: "+ KEY", "- KEY", or the value with
// its type and data, old → new.
func regLine(line func(string, ...any), c view.WinRegChange) {
	name := func() string {
		if c.Default {
			return "(default)"
		}
		return `"` + oneLine(c.Value) + `"`
	}
	typed := func(t, v string) string {
		if t == "" {
			return "(not read)"
		}
		return t + " " + oneLine(v)
	}
	switch c.Kind {
	case view.RegKeyAdded:
		line("  + %s\t(%s, %s)", oneLine(c.Key), count(c.Subkeys, "subkey", "subkeys"), count(c.Values, "value", "values"))
	case view.RegKeyRemoved:
		line("  - %s\t(%s, %s)", oneLine(c.Key), count(c.Subkeys, "subkey", "subkeys"), count(c.Values, "value", "values"))
	case view.RegValueAdded:
		line("  + %s %s\t%s", oneLine(c.Key), name(), typed(c.NewType, c.New))
	case view.RegValueRemoved:
		line("  - %s %s\t%s", oneLine(c.Key), name(), typed(c.OldType, c.Old))
	default:
		line("  ~ %s %s\t%s → %s", oneLine(c.Key), name(), typed(c.OldType, c.Old), typed(c.NewType, c.New))
	}
}

func peVersion(f view.WinPEFile) string {
	if !f.Present {
		return "(absent)"
	}
	return orNone(f.FileVersion, "(none)")
}

// signers names a boot file's signatures: "SIGNER (ISSUER)", joined.
func signers(f view.WinPEFile) string {
	if !f.Present {
		return "(absent)"
	}
	var s []string
	for _, g := range f.Signers {
		s = append(s, oneLine(g.Signer)+" ("+oneLine(g.Issuer)+")")
	}
	if len(s) == 0 {
		return "(unsigned)"
	}
	return strings.Join(s, ", ")
}
