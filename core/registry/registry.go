// Package registry reads the registry of a Windows image with key paths
// as people write them: `HKLM\SOFTWARE\...`, `HKLM\SYSTEM\CurrentControlSet\...`
// (the control set SYSTEM\Select\Current names), `HKU\.DEFAULT`, and
// `HKU\DefaultUser` for the default user's NTUSER.DAT; each key is read
// from the hive file the image holds, found by core/windows, through the
// file's io.ReaderAt. It describes keys for view (values decoded by type)
// and searches a hive's key and value names.
package registry

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wimlens/wimlens/core/hive"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/core/windows"
)

// ErrBadPath is what errors about a key path that names no hive wrap.
var ErrBadPath = errors.New("not a registry path of an image")

// A hiveFile is a hive as people name it and where an image keeps it:
// below the system root when sys, else below the image's root.
type hiveFile struct {
	name, path string
	sys        bool
}

// hiveFiles are the hives an image holds. The default user's hive has
// no name of its own in a running Windows; HKU\DefaultUser is the name
// people load it under (reg load HKU\DefaultUser ...).
var hiveFiles = []hiveFile{
	{`HKLM\SOFTWARE`, `System32\config\SOFTWARE`, true},
	{`HKLM\SYSTEM`, `System32\config\SYSTEM`, true},
	{`HKLM\COMPONENTS`, `System32\config\COMPONENTS`, true},
	{`HKLM\SAM`, `System32\config\SAM`, true},
	{`HKLM\SECURITY`, `System32\config\SECURITY`, true},
	{`HKLM\DRIVERS`, `System32\config\DRIVERS`, true},
	{`HKU\.DEFAULT`, `System32\config\DEFAULT`, true},
	{`HKU\DefaultUser`, `Users\Default\NTUSER.DAT`, false},
}

// roots are the long forms of the roots, as reg.exe takes them too.
var roots = map[string]string{"HKLM": "HKLM", "HKEY_LOCAL_MACHINE": "HKLM", "HKU": "HKU", "HKEY_USERS": "HKU"}

// Parse splits a key path into its hive's name (as hiveFiles spells it)
// and the key's path below the hive's root (`\`-separated, "" for the
// root). Roots and hives are matched ignoring case, in short or long form,
// with `\` or `/` between names.
func Parse(path string) (hiveName, key string, err error) {
	parts := strings.FieldsFunc(path, func(r rune) bool { return r == '\\' || r == '/' })
	if len(parts) == 0 {
		return "", "", fmt.Errorf("%w: the path is empty; start it with a hive, such as %s", ErrBadPath, hiveList())
	}
	root, ok := roots[strings.ToUpper(parts[0])]
	if !ok {
		return "", "", fmt.Errorf("%w: %q starts with neither HKLM nor HKU (HKEY_LOCAL_MACHINE, HKEY_USERS)", ErrBadPath, path)
	}
	if len(parts) == 1 {
		return "", "", fmt.Errorf("%w: %q names no hive; an image holds %s", ErrBadPath, path, hiveList())
	}
	for _, f := range hiveFiles {
		if strings.EqualFold(f.name, root+`\`+parts[1]) {
			return f.name, strings.Join(parts[2:], `\`), nil
		}
	}
	return "", "", fmt.Errorf("%w: %s\\%s is not a hive an image holds; it holds %s", ErrBadPath, root, parts[1], hiveList())
}

func hiveList() string {
	names := make([]string, len(hiveFiles))
	for i, f := range hiveFiles {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// A Registry is an image's hives, each opened when a key of it is first
// asked for. Its methods are not safe for concurrent use.
type Registry struct {
	img    *meta.Image
	sys    string // the system root's name as the image holds it
	opened map[string]opened
}

type opened struct {
	h    *hive.Hive
	file string
	err  error
}

// New is image n of a's registry; img is its tree.
func New(a *wim.Archive, n int, img *meta.Image) *Registry {
	return &Registry{img: img, sys: windows.SystemRoot(img, windows.XML(a, n)), opened: map[string]opened{}}
}

// Key finds the key at path (see Parse); CurrentControlSet below
// HKLM\SYSTEM is the control set SYSTEM\Select\Current names. file is the
// hive file's path in the image, as found or as looked for.
func (r *Registry) Key(path string) (k *hive.Key, file string, err error) {
	name, key, err := Parse(path)
	if err != nil {
		return nil, "", err
	}
	o := r.open(name)
	if o.err != nil {
		return nil, o.file, o.err
	}
	if first, rest, _ := strings.Cut(key, `\`); name == `HKLM\SYSTEM` && strings.EqualFold(first, "CurrentControlSet") {
		cs, err := windows.ControlSet(o.h)
		if err != nil {
			return nil, o.file, fmt.Errorf(`%s\CurrentControlSet: %w`, name, err)
		}
		key = strings.TrimSuffix(cs+`\`+rest, `\`)
	}
	k, err = o.h.Key(key)
	return k, o.file, err
}

// open opens a hive by its name, once.
func (r *Registry) open(name string) opened {
	if o, ok := r.opened[name]; ok {
		return o
	}
	var f hiveFile
	for _, x := range hiveFiles {
		if x.name == name {
			f = x
		}
	}
	path := f.path
	if f.sys {
		path = orWindows(r.sys) + `\` + path
	}
	o := opened{file: path}
	file := windows.Lookup(r.img.Root, path)
	switch {
	case f.sys && r.sys == "" || file == nil:
		o.err = fmt.Errorf("%s: its hive file %s is not in the image: %w", name, path, windows.ErrNotFound)
	case file.IsDir():
		o.err = fmt.Errorf("%s: %s is a folder, not a hive file", name, path)
	default:
		o.file = strings.ReplaceAll(strings.TrimPrefix(file.Path(), "/"), "/", `\`)
		o.h, o.err = Open(file, name)
	}
	r.opened[name] = o
	return o
}

func orWindows(root string) string {
	if root == "" {
		return "Windows"
	}
	return root
}

// Open opens a file of an image as a hive named name (`HKLM\SOFTWARE`, or
// the file's path): the names of its keys' paths and errors start with it.
func Open(f *meta.File, name string) (*hive.Hive, error) {
	s, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Path(), err)
	}
	h, err := hive.Open(s, s.Size(), name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", strings.TrimPrefix(f.Path(), "/"), err)
	}
	return h, nil
}

// NameOf is the name people know the hive at path (a file's path in the
// image, `/` or `\` separated) by, when it is one of an image's hives
// where Windows keeps them; "" otherwise.
func NameOf(path string) string {
	p := strings.Trim(strings.ReplaceAll(path, "/", `\`), `\`)
	for _, f := range hiveFiles {
		if strings.EqualFold(p, f.path) || f.sys && len(p) > len(f.path) && strings.EqualFold(p[len(p)-len(f.path):], f.path) &&
			p[len(p)-len(f.path)-1] == '\\' && !strings.Contains(p[:len(p)-len(f.path)-1], `\`) {
			return f.name
		}
	}
	return ""
}
