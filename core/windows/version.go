package windows

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/wimlens/wimlens/core/hive"
	"github.com/wimlens/wimlens/core/view"
)

// Keys read, below their hive's root.
const (
	currentVersionKey = `Microsoft\Windows NT\CurrentVersion`
	packagesKey       = `Microsoft\Windows\CurrentVersion\Component Based Servicing\Packages`
	appsKey           = `Microsoft\Windows\CurrentVersion\Appx\AppxAllUserStore\Applications`
)

// versionValues are the values of CurrentVersion the report shows, in
// its order.
var versionValues = []string{
	"ProductName", "EditionID", "InstallationType", "DisplayVersion",
	"CurrentMajorVersionNumber", "CurrentMinorVersionNumber", "CurrentVersion",
	"CurrentBuild", "CurrentBuildNumber", "UBR", "BuildLabEx", "ReleaseId",
}

// hive opens a registry hive below the system root.
func (r *reader) hive(path, name string) (*hive.Hive, error) {
	f := r.sys(path)
	if f == nil {
		return nil, &errNotInImage{r.display(path)}
	}
	ra, size, err := r.open(f)
	if err != nil {
		return nil, err
	}
	h, err := hive.Open(ra, size, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", winPath(f), err)
	}
	return h, nil
}

// source names a value of a hive below the system root.
func (r *reader) source(path, key, value string) view.WinSource {
	return view.WinSource{File: r.display(path), Key: key, Value: value}
}

func (r *reader) version(h *hive.Hive, err error) view.WinVersion {
	out := view.WinVersion{Fields: []view.WinField{}}
	if err != nil {
		out.Error = describe(err)
		return out
	}
	out.Fields, out.Build, err = r.versionFields(h, softwarePath)
	out.Error = describe(err)
	return out
}

// versionFields reads CurrentVersion, and the build as wimlib reads it:
// CurrentBuild, unless it holds a '.' (Windows XP's "1.511.1 () (Obsolete
// data - do not use)"), then CurrentBuildNumber; with ".UBR" when there is one.
func (r *reader) versionFields(h *hive.Hive, path string) ([]view.WinField, string, error) {
	fields := []view.WinField{}
	k, err := h.Key(currentVersionKey)
	if err != nil {
		return fields, "", err
	}
	var errs []error
	got := map[string]string{}
	for _, name := range versionValues {
		v, err := k.Value(name)
		if errors.Is(err, hive.ErrNotFound) {
			continue
		}
		var s string
		if err == nil {
			s, err = text(v)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		got[name] = s
		fields = append(fields, view.WinField{Name: name, Value: s, Source: r.source(path, currentVersionKey, name)})
	}
	build := got["CurrentBuild"]
	if strings.Contains(build, ".") {
		build = got["CurrentBuildNumber"]
	}
	if ubr := got["UBR"]; build != "" && ubr != "" {
		build += "." + ubr
	}
	return fields, build, errors.Join(errs...)
}

// text is a value as the report shows it: strings as they are, numbers
// in decimal, several strings joined by ", ".
func text(v *hive.Value) (string, error) {
	switch v.Type {
	case hive.SZ, hive.ExpandSZ:
		return v.String()
	case hive.DWord, hive.DWordBigEndian, hive.QWord:
		n, err := v.Uint()
		return strconv.FormatUint(n, 10), err
	case hive.MultiSZ:
		ss, err := v.Strings()
		return strings.Join(ss, ", "), err
	}
	return "", unexpected(hive.ErrWrongType, "value "+v.Name, "is of type %s, not text or a number", v.Type)
}

// stringValue reads a value of k as text; "" when k has no such value.
func stringValue(k *hive.Key, name string) (string, error) {
	v, err := k.Value(name)
	if errors.Is(err, hive.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return text(v)
}

// numberValue reads a DWORD of k; false when k has no such value.
func numberValue(k *hive.Key, name string) (uint32, bool, error) {
	v, err := k.Value(name)
	if errors.Is(err, hive.ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	n, err := v.Uint()
	return uint32(n), err == nil, err
}

// ControlSet is the control set Select\Current names ("ControlSet001"),
// or ControlSet001 when the hive has no Select key (wimlib reads that one
// always).
func ControlSet(h *hive.Hive) (string, error) {
	k, err := h.Key("Select")
	if errors.Is(err, hive.ErrNotFound) {
		return "ControlSet001", nil
	}
	if err != nil {
		return "", err
	}
	n, ok, err := numberValue(k, "Current")
	if err != nil {
		return "", err
	}
	if !ok {
		return "ControlSet001", nil
	}
	if n == 0 || n > 999 {
		return "", unexpected(ErrUnexpected, `SYSTEM\Select\Current`, "is %d, which names no control set", n)
	}
	return fmt.Sprintf("ControlSet%03d", n), nil
}

func (r *reader) languages(h *hive.Hive, err error) view.WinLanguages {
	out := view.WinLanguages{Installed: []string{}, Fields: []view.WinField{}}
	if err == nil {
		err = r.readLanguages(h, &out)
	}
	out.Error = describe(err)
	return out
}

// readLanguages reads Control\MUI\UILanguages (one subkey per language,
// each with its LCID) and Control\Nls\Language; the default language is
// the UI language whose LCID is InstallLanguage's.
func (r *reader) readLanguages(h *hive.Hive, out *view.WinLanguages) error {
	cs, err := ControlSet(h)
	if err != nil {
		return err
	}
	uiKey := cs + `\Control\MUI\UILanguages`
	out.Source = r.source(systemPath, uiKey, "")
	ui, err := h.Key(uiKey)
	if err != nil {
		return err
	}
	subs, err := ui.Subkeys()
	lcids := map[uint32]string{}
	for _, k := range subs {
		out.Installed = append(out.Installed, k.Name)
		if n, ok, _ := numberValue(k, "LCID"); ok {
			if _, dup := lcids[n]; !dup {
				lcids[n] = k.Name
			}
		}
	}
	nlsKey := cs + `\Control\Nls\Language`
	nls, nerr := h.Key(nlsKey)
	if nerr != nil {
		return errors.Join(err, nerr)
	}
	for _, name := range []string{"InstallLanguage", "Default"} {
		s, verr := stringValue(nls, name)
		if verr != nil {
			err = errors.Join(err, verr)
			continue
		}
		if s == "" {
			continue
		}
		out.Fields = append(out.Fields, view.WinField{Name: name, Value: s, Source: r.source(systemPath, nlsKey, name)})
		if id, perr := strconv.ParseUint(s, 16, 16); name == "InstallLanguage" && perr == nil {
			out.Default = lcids[uint32(id)]
		}
	}
	return err
}
