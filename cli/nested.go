package main

import (
	"fmt"
	"strings"

	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

// maxNesting bounds how many WIMs deep FILE may reach: OUTER.wim@1:/a.wim
// is one, OUTER.wim@1:/a.wim@1:/b.wim two (see wim.MaxNesting).
const maxNesting = wim.MaxNesting

// cutOuter splits a FILE that names a WIM inside an image,
// OUTER@IMAGE:PATH, at the first '@' whose left side is a file on disk. It
// is asked only when FILE as a whole is no file, so a real name holding
// '@' opens as it is.
func cutOuter(name string) (outer, rest string, ok bool) {
	for i := 0; i < len(name); i++ {
		if name[i] != '@' {
			continue
		}
		if st, err := statFile(name[:i]); err == nil && !st.IsDir() {
			return name[:i], name[i+1:], true
		}
	}
	return "", "", false
}

// openNested opens OUTER, then IMAGE:PATH in it as a WIM, and so on for
// each further @IMAGE:PATH in PATH. --ref names the outer file's parts.
func openNested(e *env, spec, outer, rest string, refs []string) (*archive, error) {
	a, err := openArchive(e, outer, refs)
	if err != nil {
		return nil, err
	}
	for depth := 1; ; depth++ {
		if depth > maxNesting {
			a.Close()
			return nil, fmt.Errorf("%s: WIMs nest more than %d deep; wimlens opens at most %d levels", spec, maxNesting, maxNesting)
		}
		var inner *archive
		inner, rest, err = a.openInner(e, spec, rest)
		if err != nil {
			a.Close()
			return nil, err
		}
		a = inner
		if rest == "" {
			return a, nil
		}
	}
}

// openInner opens the WIM that IMAGE:PATH (the start of rest) names in a,
// and returns what follows PATH: "" or, for a deeper WIM, its
// IMAGE:PATH. The archive it returns closes a with itself.
func (a *archive) openInner(e *env, spec, rest string) (*archive, string, error) {
	image, path, ok := strings.Cut(rest, ":")
	if !ok || image == "" || path == "" {
		return nil, "", usagef(`%s: after "@" comes IMAGE:PATH, the WIM's image and path in %s (as in %s@1:/Windows/System32/Recovery/Winre.wim)`, spec, a.name, a.name)
	}
	n, err := a.resolve(image)
	if err != nil {
		return nil, "", err
	}
	img, err := a.Image(n)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", a.name, err)
	}
	f, deeper, err := findInner(img, path)
	if err != nil {
		return nil, "", fmt.Errorf("%s: image %d %w", a.name, n, err)
	}
	where := fmt.Sprintf("in %s, image %d, %s", a.name, n, oneLine(f.Path()))
	name := a.name + "@" + image + ":" + strings.TrimSuffix(path, "@"+deeper)
	inner, err := wim.OpenInner(wim.Options{Hasher: hostHasher()}, f)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", where, err)
	}
	h := inner.Header
	for _, w := range inner.Warnings {
		fmt.Fprintf(e.stderr, "wimlens: warning: %s: %s\n", where, oneLine(w.Error()))
	}
	if total, missing := inner.Parts(); len(missing) > 0 {
		fmt.Fprintf(e.stderr, "wimlens: warning: %s: it is part %d of a split WIM of %d; the other parts are not read\n", where, h.PartNumber, total)
	}
	return &archive{Archive: inner, name: name, given: h, outer: a}, deeper, nil
}

// findInner finds the file PATH names in img, and what follows it when
// PATH goes on into that file (/a.wim@1:/b.wim): PATH as a whole first,
// then cut at each '@' from the left, as FILE is.
func findInner(img *meta.Image, path string) (*meta.File, string, error) {
	if f, err := findFile(img, path); f != nil || err != nil {
		return f, "", err
	}
	for i := range len(path) {
		if path[i] != '@' {
			continue
		}
		f, err := findFile(img, path[:i])
		if err != nil {
			return nil, "", err
		}
		if f != nil && !f.IsDir() {
			return f, path[i+1:], nil
		}
	}
	return nil, "", fmt.Errorf(`has no "%s"`, oneLine(path))
}

// findFile looks PATH up as the other verbs look up PATH (find), then
// ignoring case, when that finds one entry only: Windows paths are written
// in any case (winre.wim, system32), while a name only its case tells
// apart from another still opens exactly. nil when there is none.
func findFile(img *meta.Image, path string) (*meta.File, error) {
	if f := find(img, path); f != nil {
		return f, nil
	}
	sep := "/"
	if !strings.Contains(path, "/") {
		sep = `\`
	}
	f := img.Root
	for _, name := range strings.Split(path, sep) {
		if name == "" {
			continue
		}
		var found []*meta.File
		for _, c := range f.Children() {
			if c.Name == name {
				found = []*meta.File{c} // this level as stored
				break
			}
			if strings.EqualFold(c.Name, name) {
				found = append(found, c)
			}
		}
		switch len(found) {
		case 0:
			return nil, nil
		case 1:
			f = found[0]
		default:
			return nil, fmt.Errorf(`has %s and %s: "%s" is ambiguous when case is ignored; give the path as stored`,
				oneLine(found[0].Path()), oneLine(found[1].Path()), oneLine(path))
		}
	}
	return f, nil
}
