package windows

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wimlens/wimlens/core/cbs"
	"github.com/wimlens/wimlens/core/hive"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/view"
)

const manifestsDir = `servicing\Packages`

// packages joins the registry's servicing packages with their manifests
// by name. Manifests of packages the registry lists are read first, so a
// cap leaves out manifests of packages it does not know.
func (r *reader) packages(h *hive.Hive, herr error) view.WinPackages {
	out := view.WinPackages{Packages: []view.WinPackage{}, Source: r.source(softwarePath, packagesKey, ""), ManifestLimit: r.lim.Manifests}
	byName := map[string]int{} // lower-case name -> index in out.Packages
	if herr == nil {
		herr = r.registryPackages(h, &out, byName)
	}
	out.Error = describe(herr)

	var mums []*meta.File
	if dir := r.sys(manifestsDir); dir != nil {
		for _, c := range dir.Children() {
			if !c.IsDir() && hasSuffixFold(c.Name, ".mum") {
				mums = append(mums, c)
			}
		}
	}
	out.Manifests = len(mums)
	// Known packages' manifests first, then the others in the folder's order.
	var known, others []*meta.File
	for _, f := range mums {
		name := strings.ToLower(stem(f))
		if i, ok := byName[name]; ok && out.Packages[i].Manifest == "" {
			out.Packages[i].Manifest = winPath(f)
			known = append(known, f)
			continue
		}
		byName[name] = len(out.Packages)
		out.Packages = append(out.Packages, view.WinPackage{Name: stem(f), Manifest: winPath(f)})
		others = append(others, f)
	}
	read := 0
	for _, f := range append(known, others...) {
		p := &out.Packages[byName[strings.ToLower(stem(f))]]
		if read >= r.lim.Manifests || f.Size() <= cbs.MaxManifestSize && !r.budget(f.Size()) {
			out.Omitted++
			continue
		}
		read++
		m, err := r.manifest(f)
		if err != nil {
			p.Error = err.Error()
			continue
		}
		p.KB, p.ReleaseType, p.Description = m.KB(), m.ReleaseType, m.Description
	}
	return out
}

func (r *reader) registryPackages(h *hive.Hive, out *view.WinPackages, byName map[string]int) error {
	k, err := h.Key(packagesKey)
	if err != nil {
		return err
	}
	subs, err := k.Subkeys()
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	if len(subs) > r.lim.Keys {
		errs = append(errs, fmt.Errorf("%s lists %d packages; the first %d are shown", packagesKey, len(subs), r.lim.Keys))
		subs = subs[:r.lim.Keys]
	}
	for _, s := range subs {
		p := view.WinPackage{Name: s.Name, InRegistry: true}
		n, ok, err := numberValue(s, "CurrentState")
		if err != nil {
			errs = append(errs, err)
		}
		if ok {
			p.StateCode, p.State = n, cbs.State(n).String()
		}
		byName[strings.ToLower(s.Name)] = len(out.Packages)
		out.Packages = append(out.Packages, p)
	}
	return errors.Join(errs...)
}

// budget says whether size more bytes of INF and .mum files may be read,
// and counts them when so.
func (r *reader) budget(size int64) bool {
	if r.used+size > r.lim.Bytes {
		return false
	}
	r.used += size
	return true
}

func (r *reader) manifest(f *meta.File) (*cbs.Package, error) {
	if f.Size() > cbs.MaxManifestSize {
		return nil, tooLarge(winPath(f), f.Size(), cbs.ErrTooLarge, cbs.MaxManifestSize)
	}
	b, err := r.readAll(f)
	if err != nil {
		return nil, err
	}
	m, err := cbs.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", winPath(f), err)
	}
	return m, nil
}

// stem is a file's name without its 4-character extension (".mum").
func stem(f *meta.File) string { return f.Name[:len(f.Name)-4] }

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}
