// Package windiff says what changed in Windows between two images, for
// the people who compare a new month's image with the last one: it reads
// both images' Windows reports (core/windows) and sets them side by side,
// section by section — the version (build.UBR, display version, edition),
// servicing packages, drivers, services, apps, boot files and WinRE — then
// reads the version resource of the PE files the file comparison
// (core/diff) found modified, and compares the SOFTWARE and SYSTEM hives
// key by key (core/regdiff). Only what changed is listed.
//
// Work is bounded: each report by windows.Limits, the PE files by
// Limits.PEFiles, a hive by Limits.HiveSize (read whole, since a
// comparison visits every key of both) and the registry output by
// regdiff.Limits.
package windiff

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/wimlens/wimlens/core/diff"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/regdiff"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/core/windows"
)

// Limits bound a comparison.
type Limits struct {
	Report   windows.Limits
	PEFiles  int   // modified files whose version resource is read
	HiveSize int64 // bytes of one hive read for the registry comparison
	Registry regdiff.Limits
}

// DefaultLimits read the versions of the files a monthly update rewrites
// in System32 and compare hives of a few hundred MB.
var DefaultLimits = Limits{Report: windows.DefaultLimits, PEFiles: 5000, HiveSize: 512 << 20, Registry: regdiff.DefaultLimits}

// Image is one side of a comparison: image N of an archive, and its tree.
type Image struct {
	Archive *wim.Archive
	N       int
	Tree    *meta.Image
}

// Compare says what changed in Windows from old to new. files is the file
// comparison of the two images (diff.Images), which names the modified
// PE files (nil: none are read). A hive is compared only when its files'
// SHA-1s differ. It stops with ctx's error when ctx is cancelled.
func Compare(ctx context.Context, old, new Image, files *diff.Result, lim Limits) (view.WinDiff, error) {
	og := windows.NewReading(old.Archive, old.N, old.Tree, lim.Report)
	ng := windows.NewReading(new.Archive, new.N, new.Tree, lim.Report)
	o, n := og.Report(), ng.Report()
	if err := ctx.Err(); err != nil {
		return view.WinDiff{}, err
	}
	out := view.WinDiff{
		Old: view.WinDiffSide{Image: old.N, Build: o.Version.Build}, New: view.WinDiffSide{Image: new.N, Build: n.Version.Build},
		Version: version(o.Version, n.Version), Packages: packages(o.Packages.Packages, n.Packages.Packages),
		Drivers: drivers(o.Drivers.Drivers, n.Drivers.Drivers), Services: services(o.Services.Services, n.Services.Services),
		Apps: apps(o.Apps.Apps, n.Apps.Apps), Boot: boot(o.Boot.Files, n.Boot.Files), WinRE: winre(o.WinRE, n.WinRE),
		Problems: append(problems("old", o), problems("new", n)...),
	}
	var err error
	if out.Files, err = peVersions(ctx, files, lim.PEFiles); err != nil {
		return view.WinDiff{}, err
	}
	if out.Registry, err = registry(ctx, og, ng, lim); err != nil {
		return view.WinDiff{}, err
	}
	return out, nil
}

func version(o, n view.WinVersion) []view.WinValueChange {
	out := []view.WinValueChange{}
	if o.Build != n.Build {
		out = append(out, view.WinValueChange{Name: "Build", Old: o.Build, New: n.Build})
	}
	old := map[string]string{}
	for _, f := range o.Fields {
		old[f.Name] = f.Value
	}
	for _, f := range n.Fields {
		if v, ok := old[f.Name]; !ok || v != f.Value {
			out = append(out, view.WinValueChange{Name: f.Name, Old: v, New: f.Value})
		}
		delete(old, f.Name)
	}
	for _, f := range o.Fields { // fields the new image lacks, in the report's order
		if v, ok := old[f.Name]; ok {
			out = append(out, view.WinValueChange{Name: f.Name, Old: v})
		}
	}
	return out
}

// pairs matches two lists by key (case-insensitively, first with first
// when a key is there twice), calling fn for each pair and each item on
// one side only, in key order.
func pairs[T any](old, new []T, key func(T) string, fn func(o, n *T)) {
	index := func(xs []T) map[string][]int {
		m := map[string][]int{}
		for i, x := range xs {
			k := strings.ToLower(key(x))
			m[k] = append(m[k], i)
		}
		return m
	}
	oi, ni := index(old), index(new)
	keys := make([]string, 0, len(oi)+len(ni))
	for k := range oi {
		keys = append(keys, k)
	}
	for k := range ni {
		if _, ok := oi[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		os, ns := oi[k], ni[k]
		for i := range max(len(os), len(ns)) {
			var o, n *T
			if i < len(os) {
				o = &old[os[i]]
			}
			if i < len(ns) {
				n = &new[ns[i]]
			}
			fn(o, n)
		}
	}
}

func packages(old, new []view.WinPackage) []view.WinPackageChange {
	out := []view.WinPackageChange{}
	pairs(old, new, func(p view.WinPackage) string { return p.Name }, func(o, n *view.WinPackage) {
		switch {
		case o == nil:
			out = append(out, view.WinPackageChange{Kind: view.WinAdded, Name: n.Name, KB: n.KB, ReleaseType: n.ReleaseType, NewState: n.State})
		case n == nil:
			out = append(out, view.WinPackageChange{Kind: view.WinRemoved, Name: o.Name, KB: o.KB, ReleaseType: o.ReleaseType, OldState: o.State})
		case o.State != n.State || o.InRegistry != n.InRegistry:
			out = append(out, view.WinPackageChange{Kind: view.WinChanged, Name: n.Name, KB: cmp.Or(n.KB, o.KB),
				ReleaseType: cmp.Or(n.ReleaseType, o.ReleaseType), OldState: o.State, NewState: n.State})
		}
	})
	return out
}

// driverKey pairs driver packages: an INF of Windows\INF by its path, one
// of the driver store by its folder's name without the hash that follows
// its last '_' ("nwext.inf_amd64_7c4f0e2a9b1d3e58" → "nwext.inf_amd64"),
// which changes with each version, and its own name.
func driverKey(d view.WinDriver) string {
	if !d.Store {
		return d.Path
	}
	dir, name := d.Path, ""
	if i := strings.LastIndexByte(dir, '\\'); i >= 0 {
		dir, name = dir[:i], dir[i+1:]
	}
	if i := strings.LastIndexByte(dir, '_'); i >= 0 {
		dir = dir[:i]
	}
	return "store:" + dir + `\` + name
}

func drivers(old, new []view.WinDriver) []view.WinDriverChange {
	out := []view.WinDriverChange{}
	pairs(old, new, driverKey, func(o, n *view.WinDriver) {
		switch {
		case o == nil:
			out = append(out, view.WinDriverChange{Kind: view.WinAdded, Path: n.Path, Class: n.Class, Provider: n.Provider, NewVersion: n.Version, NewDate: n.Date})
		case n == nil:
			out = append(out, view.WinDriverChange{Kind: view.WinRemoved, Path: o.Path, Class: o.Class, Provider: o.Provider, OldVersion: o.Version, OldDate: o.Date})
		case o.Version != n.Version || o.Date != n.Date || o.Provider != n.Provider || o.Class != n.Class:
			c := view.WinDriverChange{Kind: view.WinChanged, Path: n.Path, Class: n.Class, Provider: n.Provider,
				OldVersion: o.Version, NewVersion: n.Version, OldDate: o.Date, NewDate: n.Date}
			if o.Path != n.Path {
				c.OldPath = o.Path
			}
			out = append(out, c)
		}
	})
	return out
}

func services(old, new []view.WinService) []view.WinServiceChange {
	out := []view.WinServiceChange{}
	start := func(s *view.WinService) string {
		if !s.HasStart {
			return ""
		}
		return s.Start
	}
	pairs(old, new, func(s view.WinService) string { return s.Name }, func(o, n *view.WinService) {
		switch {
		case o == nil:
			out = append(out, view.WinServiceChange{Kind: view.WinAdded, Name: n.Name, NewStart: start(n), NewImagePath: n.ImagePath, NewType: n.Type})
		case n == nil:
			out = append(out, view.WinServiceChange{Kind: view.WinRemoved, Name: o.Name, OldStart: start(o), OldImagePath: o.ImagePath, OldType: o.Type})
		case start(o) != start(n) || o.StartCode != n.StartCode || o.ImagePath != n.ImagePath || o.TypeCode != n.TypeCode:
			c := view.WinServiceChange{Kind: view.WinChanged, Name: n.Name}
			if start(o) != start(n) || o.StartCode != n.StartCode {
				c.OldStart, c.NewStart = start(o), start(n)
			}
			if o.ImagePath != n.ImagePath {
				c.OldImagePath, c.NewImagePath = o.ImagePath, n.ImagePath
			}
			if o.TypeCode != n.TypeCode {
				c.OldType, c.NewType = o.Type, n.Type
			}
			out = append(out, c)
		}
	})
	return out
}

// appKey pairs apps by name and architecture; a name that is not a
// package full name pairs as a whole.
func appKey(a view.WinApp) string {
	if a.Name == "" {
		return a.FullName
	}
	return a.Name + "_" + a.Architecture
}

func apps(old, new []view.WinApp) []view.WinAppChange {
	out := []view.WinAppChange{}
	pairs(old, new, appKey, func(o, n *view.WinApp) {
		switch {
		case o == nil:
			out = append(out, view.WinAppChange{Kind: view.WinAdded, Name: n.Name, Architecture: n.Architecture, NewVersion: n.Version, NewFullName: n.FullName})
		case n == nil:
			out = append(out, view.WinAppChange{Kind: view.WinRemoved, Name: o.Name, Architecture: o.Architecture, OldVersion: o.Version, OldFullName: o.FullName})
		case o.FullName != n.FullName:
			out = append(out, view.WinAppChange{Kind: view.WinChanged, Name: n.Name, Architecture: n.Architecture,
				OldVersion: o.Version, NewVersion: n.Version, OldFullName: o.FullName, NewFullName: n.FullName})
		}
	})
	return out
}

func boot(old, new []view.WinPEFile) []view.WinBootChange {
	out := []view.WinBootChange{}
	pairs(old, new, func(f view.WinPEFile) string { return f.Path }, func(o, n *view.WinPEFile) {
		var c view.WinBootChange
		if o != nil {
			c.Path, c.Old = o.Path, *o
		}
		if n != nil {
			c.Path, c.New = n.Path, *n
		}
		if c.Old.Present != c.New.Present || c.Old.FileVersion != c.New.FileVersion || !slices.Equal(c.Old.Signers, c.New.Signers) {
			out = append(out, c)
		}
	})
	return out
}

func winre(o, n view.WinRE) []view.WinValueChange {
	out := []view.WinValueChange{}
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	if o.Present != n.Present {
		out = append(out, view.WinValueChange{Name: "Present", Old: yes(o.Present), New: yes(n.Present)})
	}
	if o.Build != n.Build {
		out = append(out, view.WinValueChange{Name: "Build", Old: o.Build, New: n.Build})
	}
	return out
}

// problems are the sections of a report that could not be read.
func problems(side string, r view.WindowsReport) []view.WinDiffProblem {
	out := []view.WinDiffProblem{}
	for _, s := range []struct {
		name string
		err  *view.ErrorInfo
	}{
		{"version", r.Version.Error}, {"languages", r.Languages.Error}, {"packages", r.Packages.Error},
		{"drivers", r.Drivers.Error}, {"services", r.Services.Error}, {"apps", r.Apps.Error},
		{"provisioned apps", r.Apps.ProvisioningError}, {"WinRE", r.WinRE.Error},
	} {
		if s.err != nil {
			out = append(out, view.WinDiffProblem{Side: side, Section: s.name, Error: *s.err})
		}
	}
	return out
}
