package windows

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wimlens/wimlens/core/hive"
	"github.com/wimlens/wimlens/core/inf"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/view"
)

const (
	infDir   = `INF`
	storeDir = `System32\DriverStore\FileRepository`
)

// drivers reads the [Version] of Windows\INF\oem*.inf (the third-party
// packages DISM /Get-Drivers lists) and of every INF file one folder deep
// in the driver store, oem files first.
func (r *reader) drivers() view.WinDrivers {
	out := view.WinDrivers{Drivers: []view.WinDriver{}, Limit: r.lim.INFs}
	type found struct {
		f     *meta.File
		store bool
	}
	var files []found
	if dir := r.sys(infDir); dir != nil {
		for _, c := range dir.Children() {
			if !c.IsDir() && len(c.Name) > 3 && strings.EqualFold(c.Name[:3], "oem") && hasSuffixFold(c.Name, ".inf") {
				files = append(files, found{c, false})
			}
		}
	}
	if dir := r.sys(storeDir); dir != nil {
		for _, pkg := range dir.Children() {
			for _, c := range pkg.Children() {
				if !c.IsDir() && hasSuffixFold(c.Name, ".inf") {
					files = append(files, found{c, true})
				}
			}
		}
	}
	out.Found = len(files)
	for _, x := range files {
		if len(out.Drivers) >= r.lim.INFs || x.f.Size() <= inf.MaxFileSize && !r.budget(x.f.Size()) {
			out.Omitted++
			continue
		}
		out.Drivers = append(out.Drivers, r.driver(x.f, x.store))
	}
	return out
}

func (r *reader) driver(f *meta.File, store bool) view.WinDriver {
	out := view.WinDriver{Path: winPath(f), Store: store}
	if f.Size() > inf.MaxFileSize {
		out.Error = tooLarge("", f.Size(), inf.ErrTooLarge, inf.MaxFileSize).Error()
		return out
	}
	b, err := r.readAll(f)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	file, err := inf.Parse(b)
	if err != nil {
		out.Error = err.Error()
		return out
	}
	v, ok := file.Version()
	if !ok {
		out.Error = "no [Version] section: not an INF file of a driver package"
		return out
	}
	out.Class, out.Provider, out.Catalog = v.Class, v.Provider, v.CatalogFile
	out.Version = v.DriverVer.Version
	if !v.DriverVer.Date.IsZero() {
		out.Date = v.DriverVer.Date.Format("2006-01-02")
	}
	if v.DriverVer.Err != nil {
		out.Error = v.DriverVer.Err.Error()
	}
	return out
}

// services lists the keys of Services in the current control set.
func (r *reader) services(h *hive.Hive, err error) view.WinServices {
	out := view.WinServices{Services: []view.WinService{}}
	if err == nil {
		err = r.readServices(h, &out)
	}
	out.Error = describe(err)
	return out
}

func (r *reader) readServices(h *hive.Hive, out *view.WinServices) error {
	cs, err := ControlSet(h)
	if err != nil {
		return err
	}
	out.ControlSet = cs
	key := cs + `\Services`
	out.Source = r.source(systemPath, key, "")
	k, err := h.Key(key)
	if err != nil {
		return err
	}
	subs, err := k.Subkeys()
	errs := []error{err}
	if len(subs) > r.lim.Keys {
		errs = append(errs, fmt.Errorf("%s lists %d services; the first %d are shown", key, len(subs), r.lim.Keys))
		subs = subs[:r.lim.Keys]
	}
	for _, s := range subs {
		svc := view.WinService{Name: s.Name}
		t, _, err1 := numberValue(s, "Type")
		start, hasStart, err2 := numberValue(s, "Start")
		svc.TypeCode, svc.Type = t, serviceType(t)
		if hasStart {
			svc.StartCode, svc.HasStart, svc.Start = start, true, startType(start)
		}
		var err3, err4, err5 error
		svc.ImagePath, err3 = stringValue(s, "ImagePath")
		svc.Group, err4 = stringValue(s, "Group")
		svc.Display, err5 = stringValue(s, "DisplayName")
		errs = append(errs, err1, err2, err3, err4, err5)
		out.Services = append(out.Services, svc)
	}
	return errors.Join(errs...)
}

// serviceType says a service's Type in words (SERVICE_* of winsvc.h).
func serviceType(t uint32) string {
	var words []string
	for _, b := range []struct {
		bit  uint32
		word string
	}{
		{0x1, "kernel driver"}, {0x2, "file system driver"}, {0x4, "adapter"}, {0x8, "recognizer driver"},
		{0x10, "own process"}, {0x20, "shared process"}, {0x40, "user service"}, {0x80, "user service instance"},
		{0x100, "interactive"}, {0x200, "package service"},
	} {
		if t&b.bit != 0 {
			words = append(words, b.word)
			t &^= b.bit
		}
	}
	if t != 0 {
		words = append(words, fmt.Sprintf("0x%x", t))
	}
	return strings.Join(words, ", ")
}

// startType says a service's Start in words (SERVICE_BOOT_START ...).
func startType(s uint32) string {
	if s < 5 {
		return [...]string{"boot", "system", "automatic", "manual", "disabled"}[s]
	}
	return fmt.Sprintf("unknown (%d)", s)
}
