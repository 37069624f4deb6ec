package windows

import (
	"slices"
	"strconv"
	"strings"

	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
)

// disagreements compares the XML's WINDOWS element with what the image's
// files say, field by field, where both say something: a field the XML
// leaves out (wimlib writes no SPBUILD without CSDBuildNumber; Windows 10
// and later have none) is not a disagreement, only a value that differs.
// The fields are those wimlib's capture fills from the same files, and
// SPBUILD, which DISM fills with the UBR.
func (r *reader) disagreements(xml *wim.WindowsInfo, rep *view.WindowsReport) []view.WinDisagreement {
	out := []view.WinDisagreement{}
	if xml == nil {
		return out
	}
	fields := map[string]view.WinField{}
	for _, f := range rep.Version.Fields {
		fields[f.Name] = f
	}
	differ := func(name, x string, f view.WinField) {
		if x != "" && f.Value != "" && x != f.Value {
			out = append(out, view.WinDisagreement{Field: name, XML: x, Image: f.Value, Source: f.Source})
		}
	}
	number := func(n uint64) string {
		if n == 0 {
			return ""
		}
		return strconv.FormatUint(n, 10)
	}
	differ("PRODUCTNAME", xml.ProductName, fields["ProductName"])
	differ("EDITIONID", xml.EditionID, fields["EditionID"])
	differ("INSTALLATIONTYPE", xml.InstallationType, fields["InstallationType"])

	major, minor := fields["CurrentMajorVersionNumber"], fields["CurrentMinorVersionNumber"]
	if major.Value == "" || minor.Value == "" { // before Windows 10: CurrentVersion is "6.3"
		if cv := fields["CurrentVersion"]; cv.Value != "" {
			ma, mi, _ := strings.Cut(cv.Value, ".")
			major, minor = view.WinField{Value: ma, Source: cv.Source}, view.WinField{Value: mi, Source: cv.Source}
		}
	}
	differ("VERSION/MAJOR", number(xml.Major), major)
	if xml.Major != 0 { // MINOR is 0 in Windows 10 and 11: compare it when VERSION is there
		differ("VERSION/MINOR", strconv.FormatUint(xml.Minor, 10), minor)
	}
	build := fields["CurrentBuild"]
	if strings.Contains(build.Value, ".") {
		build = fields["CurrentBuildNumber"]
	}
	differ("VERSION/BUILD", number(xml.Build), build)
	differ("VERSION/SPBUILD", number(xml.SPBuild), fields["UBR"])

	langs := rep.Languages
	if xml.HasLanguages && langs.Error == nil && langs.Source.Key != "" {
		x, im := fold(xml.Languages), fold(langs.Installed)
		if !slices.Equal(x, im) {
			out = append(out, view.WinDisagreement{Field: "LANGUAGES/LANGUAGE", XML: strings.Join(xml.Languages, ", "),
				Image: strings.Join(langs.Installed, ", "), Source: langs.Source})
		}
	}
	for _, f := range langs.Fields {
		if f.Name == "InstallLanguage" && langs.Default != "" && xml.DefaultLanguage != "" && !strings.EqualFold(langs.Default, xml.DefaultLanguage) {
			out = append(out, view.WinDisagreement{Field: "LANGUAGES/DEFAULT", XML: xml.DefaultLanguage,
				Image: langs.Default + " (" + f.Value + ")", Source: f.Source})
		}
	}

	if code, ok := archCodes[r.machine]; r.hasMachine && ok && code != xml.Arch {
		src := view.WinSource{}
		for _, f := range rep.Architecture.Files {
			if f.Machine != "" {
				src.File = f.Path
				break
			}
		}
		out = append(out, view.WinDisagreement{Field: "ARCH", XML: xml.ArchName(), Image: rep.Architecture.Arch, Source: src})
	}
	return out
}

// fold is a list of names sorted, in lower case, to compare as sets.
func fold(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.ToLower(n)
	}
	slices.Sort(out)
	return out
}
