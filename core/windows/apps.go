package windows

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wimlens/wimlens/core/appx"
	"github.com/wimlens/wimlens/core/hive"
	"github.com/wimlens/wimlens/core/view"
)

// provisioningPath is AppxProvisioning.xml, from the image's root.
const provisioningPath = `ProgramData\Microsoft\Windows\AppxProvisioning.xml`

// apps joins the packages registered for all users with those
// AppxProvisioning.xml lists, by full name.
func (r *reader) apps(h *hive.Hive, herr error) view.WinApps {
	out := view.WinApps{Apps: []view.WinApp{}, Source: r.source(softwarePath, appsKey, "")}
	byName := map[string]int{}
	add := func(full string) *view.WinApp {
		key := strings.ToLower(full)
		if i, ok := byName[key]; ok {
			return &out.Apps[i]
		}
		a := view.WinApp{FullName: full}
		if id, err := appx.ParseFullName(full); err != nil {
			a.Error = err.Error()
		} else {
			a.Name, a.Version, a.Architecture, a.PublisherID = id.Name, id.Version, id.Architecture, id.PublisherID
		}
		byName[key] = len(out.Apps)
		out.Apps = append(out.Apps, a)
		return &out.Apps[len(out.Apps)-1]
	}
	if herr == nil {
		herr = r.registeredApps(h, add)
	}
	out.Error = describe(herr)

	f := Lookup(r.img.Root, provisioningPath)
	if f == nil {
		return out
	}
	out.ProvisioningFile = winPath(f)
	if f.Size() > appx.MaxProvisioningSize {
		out.ProvisioningError = describe(tooLarge(out.ProvisioningFile, f.Size(), appx.ErrTooLarge, appx.MaxProvisioningSize))
		return out
	}
	b, err := r.readAll(f)
	var list *appx.ProvisionList
	if err == nil {
		list, err = appx.ParseProvisioning(b)
	}
	if err != nil {
		out.ProvisioningError = describe(fmt.Errorf("%s: %w", out.ProvisioningFile, err))
		return out
	}
	for _, p := range list.Provisioned {
		add(p.FullName).Provisioned = true
	}
	return out
}

func (r *reader) registeredApps(h *hive.Hive, add func(string) *view.WinApp) error {
	k, err := h.Key(appsKey)
	if err != nil {
		return err
	}
	subs, err := k.Subkeys()
	if len(subs) > r.lim.Keys {
		err = errors.Join(err, fmt.Errorf("%s lists %d apps; the first %d are shown", appsKey, len(subs), r.lim.Keys))
		subs = subs[:r.lim.Keys]
	}
	for _, s := range subs {
		add(s.Name).Registered = true
	}
	return err
}
