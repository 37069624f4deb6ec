package windiff

import (
	"cmp"
	"context"
	"path"
	"slices"
	"strings"

	"github.com/wimlens/wimlens/core/diff"
	"github.com/wimlens/wimlens/core/view"
)

// peNames are the extensions of PE files, which are looked at first: a
// cap then leaves out files that are likely not PE files at all.
var peNames = map[string]bool{".dll": true, ".exe": true, ".sys": true, ".efi": true, ".mui": true,
	".ocx": true, ".cpl": true, ".drv": true, ".scr": true, ".winmd": true, ".com": true, ".tlb": true}

// peVersions reads the version resource of both sides of every file whose
// content the file comparison found modified (renamed or not), PE names
// first, at most limit of them, and lists those whose FileVersion changed.
// view.DescribePE sniffs the data for "MZ" and reads only the headers and
// the version resource; a side that is not a PE file, or has no fixed
// version, is not listed.
func peVersions(ctx context.Context, files *diff.Result, limit int) (view.WinFileVersions, error) {
	out := view.WinFileVersions{Changes: []view.WinFileVersion{}, Limit: limit}
	if files == nil {
		return out, nil
	}
	var todo []*diff.Change
	for i := range files.Changes {
		c := &files.Changes[i]
		if c.Old != nil && c.New != nil && !c.Dir && slices.Contains(c.Reasons, diff.ReasonContent) {
			todo = append(todo, c)
		}
	}
	pe := func(c *diff.Change) int {
		if peNames[strings.ToLower(path.Ext(c.Path))] {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(todo, func(a, b *diff.Change) int { return cmp.Compare(pe(a), pe(b)) })
	if len(todo) > limit {
		out.Omitted, todo = len(todo)-limit, todo[:limit]
	}
	for _, c := range todo {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		out.Checked++
		o := fileVersion(view.DescribePE(c.Old, false))
		if o == "" {
			continue
		}
		if n := fileVersion(view.DescribePE(c.New, false)); n != "" && n != o {
			out.Changes = append(out.Changes, view.WinFileVersion{Path: c.Path, Old: o, New: n})
		}
	}
	slices.SortFunc(out.Changes, func(a, b view.WinFileVersion) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

func fileVersion(p *view.PE) string {
	if p == nil || p.Version == nil {
		return ""
	}
	return p.Version.FileVersion
}
