package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/windows"
)

func runWindows(e *env, args []string) error {
	c := newCommand("windows", 1, 2, "FILE [IMAGE]")
	asJSON := c.Bool("json", false, "print JSON")
	a, args, err := c.open(e, args)
	if err != nil {
		return err
	}
	defer a.Close()
	img, n, err := a.image(args)
	if err != nil {
		return err
	}
	rep := windows.Report(a.Archive, n, img)
	if *asJSON {
		err = writeJSON(e.out, rep)
	} else {
		printWindows(e.out, rep)
	}
	if err == nil {
		if bad := unreadSections(rep); len(bad) > 0 {
			return &problemsError{fmt.Sprintf("image %d: %s could not be read", n, andList(bad))}
		}
	}
	return err
}

// unreadSections names the sections that have an error.
func unreadSections(rep view.WindowsReport) []string {
	var bad []string
	for _, s := range []struct {
		name string
		err  *view.ErrorInfo
	}{
		{"the version", rep.Version.Error}, {"the languages", rep.Languages.Error},
		{"the packages", rep.Packages.Error}, {"the services", rep.Services.Error},
		{"the apps", rep.Apps.Error}, {"the provisioning list", rep.Apps.ProvisioningError},
		{"WinRE", rep.WinRE.Error},
	} {
		if s.err != nil {
			bad = append(bad, s.name)
		}
	}
	return bad
}

// printWindows writes the report by section; every string from the
// image goes through oneLine.
func printWindows(out io.Writer, rep view.WindowsReport) {
	w := tabwriter.NewWriter(out, 2, 8, 2, ' ', 0)
	defer w.Flush()
	line := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }
	failed := func(e *view.ErrorInfo) {
		if e != nil {
			line("  cannot be read: %s", oneLine(e.Message))
		}
	}
	fields := func(fs []view.WinField) {
		for _, f := range fs {
			line("  %s\t%s", oneLine(f.Name), oneLine(f.Value))
		}
	}
	src := func(s view.WinSource) string {
		return oneLine(strings.Join(nonEmpty(s.File, s.Key, s.Value), ", "))
	}

	line("Image %d", rep.Image)
	line("\nVersion")
	if len(rep.Version.Fields) > 0 {
		from := rep.Version.Fields[0].Source
		line("  (%s)", src(view.WinSource{File: from.File, Key: from.Key}))
	}
	fields(rep.Version.Fields)
	if rep.Version.Build != "" {
		line("  Build\t%s", oneLine(rep.Version.Build))
	}
	failed(rep.Version.Error)

	l := rep.Languages
	line("\nLanguages%s", paren(src(l.Source)))
	line("  Installed\t%s", oneLine(strings.Join(l.Installed, ", ")))
	if l.Default != "" {
		line("  Default language\t%s", oneLine(l.Default))
	}
	fields(l.Fields)
	failed(l.Error)

	line("\nArchitecture\t%s", oneLine(rep.Architecture.Arch))
	for _, f := range rep.Architecture.Files {
		peLine(line, f)
	}

	p := rep.Packages
	line("\nPackages (%s; %s, %s, %d read)", count(len(p.Packages), "package", "packages"), src(p.Source),
		count(p.Manifests, "manifest", "manifests"), p.Manifests-p.Omitted)
	failed(p.Error)
	if len(p.Packages) > 0 {
		line("  STATE\tKB\tRELEASE TYPE\tNAME")
	}
	for _, x := range p.Packages {
		state := x.State
		if !x.InRegistry {
			state = "(not in the registry)"
		}
		kb := x.KB
		if kb != "" {
			kb = "KB" + kb
		}
		line("  %s\t%s\t%s\t%s", oneLine(state), oneLine(kb), oneLine(x.ReleaseType), oneLine(x.Name))
		if x.Error != "" {
			line("    its manifest cannot be read: %s", oneLine(x.Error))
		}
	}
	if p.Omitted > 0 {
		line("  %s not read (at most %d are)", count(p.Omitted, "manifest", "manifests"), p.ManifestLimit)
	}

	d := rep.Drivers
	line("\nDrivers (%s)", count(d.Found, "INF file", "INF files"))
	if len(d.Drivers) > 0 {
		line("  CLASS\tPROVIDER\tVERSION\tDATE\tINF")
	}
	for _, x := range d.Drivers {
		line("  %s\t%s\t%s\t%s\t%s", oneLine(x.Class), oneLine(x.Provider), oneLine(x.Version), x.Date, oneLine(x.Path))
		if x.Error != "" {
			line("    %s", oneLine(x.Error))
		}
	}
	if d.Omitted > 0 {
		line("  %s not read (at most %d are)", count(d.Omitted, "INF file", "INF files"), d.Limit)
	}
	failed(d.Error)

	s := rep.Services
	line("\nServices and drivers%s", paren(count(len(s.Services), "key", "keys"), src(s.Source)))
	failed(s.Error)
	if len(s.Services) > 0 {
		line("  NAME\tTYPE\tSTART\tGROUP\tIMAGE PATH")
	}
	for _, x := range s.Services {
		line("  %s\t%s\t%s\t%s\t%s", oneLine(x.Name), x.Type, x.Start, oneLine(x.Group), oneLine(x.ImagePath))
	}

	ap := rep.Apps
	line("\nApps (%s; %s and %s)", count(len(ap.Apps), "package", "packages"), src(ap.Source), orNone(ap.ProvisioningFile, "no AppxProvisioning.xml"))
	failed(ap.Error)
	failed(ap.ProvisioningError)
	for _, x := range ap.Apps {
		var where []string
		if x.Registered {
			where = append(where, "registered")
		}
		if x.Provisioned {
			where = append(where, "provisioned")
		}
		line("  %s\t%s", oneLine(x.FullName), strings.Join(where, ", "))
		if x.Error != "" {
			line("    %s", oneLine(x.Error))
		}
	}

	line("\nBoot files")
	for _, f := range rep.Boot.Files {
		peLine(line, f)
		for _, sg := range f.Signers {
			nested := ""
			if sg.Nested {
				nested = " (nested)"
			}
			line("    signed by \"%s\", issued by \"%s\", %s%s", oneLine(sg.Signer), oneLine(sg.Issuer), oneLine(sg.Digest), nested)
		}
		if f.Present && len(f.Signers) == 0 && f.Error == nil {
			line("    no embedded signature")
		}
	}

	re := rep.WinRE
	line("\nWinRE")
	switch {
	case !re.Present:
		line("  %s\tnot in the image", oneLine(re.Path))
	case re.Build != "":
		line("  %s\tbuild %s (image %d; %d bytes)", oneLine(re.Path), oneLine(re.Build), re.Image, re.Size)
	default:
		line("  %s\t%d bytes", oneLine(re.Path), re.Size)
	}
	failed(re.Error)

	line("\nXML says / image says")
	if len(rep.Disagreements) == 0 {
		line("  no field of the XML's WINDOWS element disagrees with the image")
	}
	for _, x := range rep.Disagreements {
		line("  %s\tXML says \"%s\", image says \"%s\" (%s)", x.Field, oneLine(x.XML), oneLine(x.Image), src(x.Source))
	}
	line("\nRead %s of the image, %d bytes", count(rep.Read.Files, "file", "files"), rep.Read.Bytes)
}

// peLine is a PE file's line: where it is, its machine and version.
func peLine(line func(string, ...any), f view.WinPEFile) {
	switch {
	case !f.Present:
		line("  %s\tnot in the image", oneLine(f.Path))
	case f.Error != nil && f.Machine == "":
		line("  %s\tcannot be read: %s", oneLine(f.Path), oneLine(f.Error.Message))
	default:
		line("  %s\t%s, version %s", oneLine(f.Path), oneLine(f.Machine), orNone(f.FileVersion, "(none)"))
		if f.Error != nil {
			line("    %s", oneLine(f.Error.Message))
		}
	}
}

// paren is the parts that are not empty, in parentheses after a space;
// "" when all are.
func paren(parts ...string) string {
	if p := nonEmpty(parts...); len(p) > 0 {
		return " (" + strings.Join(p, "; ") + ")"
	}
	return ""
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func orNone(s, none string) string {
	if s == "" {
		return none
	}
	return oneLine(s)
}
