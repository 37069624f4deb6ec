// Package diff compares two images, of one WIM or of two, from their
// metadata alone. Every stream is named by the SHA-1 of its bytes, so equal
// hashes are equal contents and no file data is ever read.
//
// Entries pair by path first. Deleted and added files left over pair as
// renames (or moves) when their data is identical, and folders whose whole
// contents moved together pair as one folder rename. Images documents the
// rules; the Reason constants say what counts as a modification.
package diff

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/wimlens/wimlens/core/meta"
)

// Options choose what counts as a change.
type Options struct {
	// Times makes creation, last-write and last-access times count. Off by
	// default: an image rebuilt from the same files differs in every
	// timestamp, which hides the changes a person is looking for.
	Times bool
}

// Progress reports done out of total entries visited. Its type matches
// wim.Progress, which converts to it.
type Progress func(done, total int64)

// Kind is what happened to an entry, as git's --name-status letters it.
type Kind byte

const (
	Added    Kind = 'A'
	Deleted  Kind = 'D'
	Modified Kind = 'M'
	Renamed  Kind = 'R' // renamed, moved, or both
)

func (k Kind) String() string { return string(rune(k)) }

// Change is one listed difference.
type Change struct {
	Kind    Kind
	Path    string // the path in the new image; in the old one for Deleted
	OldPath string // for Renamed: the path in the old image
	Dir     bool
	// Reasons say what changed (Reason constants), for Modified and for a
	// Renamed entry whose metadata changed in the move; empty otherwise.
	Reasons []string
	Old     *meta.File // nil for Added
	New     *meta.File // nil for Deleted
	// SizeDelta is the change in unnamed-stream size: the whole size for
	// Added, its negative for Deleted.
	SizeDelta int64
}

// Counts add up changes.
type Counts struct {
	Added, Deleted, Modified, Renamed int
	// BytesAdded sums the positive SizeDeltas (added files, files that
	// grew), BytesRemoved the negative ones, as a positive number.
	BytesAdded, BytesRemoved int64
}

// Summary counts all changes, and the changes under each top-level folder.
type Summary struct {
	Counts
	// ByFolder is keyed by top-level folder ("/Windows"): per parent
	// folder would be as long as the list itself. A change counts where its
	// Path lies (a move between folders counts where it went); files
	// directly in the root, and the root itself, count under "/".
	ByFolder map[string]Counts
}

// Result is a comparison's outcome.
type Result struct {
	Changes []Change // sorted by Path; a Deleted entry first where two share it
	Summary Summary
}

// Images compares oldImg with newImg. It stops with ctx's error when ctx
// is cancelled; progress, when not nil, hears how many entries were
// visited.
//
// Entries at the same path are the same entry, compared for the Reasons
// (an entry that turned from a file into a folder, or back, is a deletion
// and an addition). What is left pairs as renames:
//
//   - A deleted and an added file pair when their unnamed data is the same
//     and not empty. Among several with the same data, pairs are taken
//     greedily: same parent folder first, then the smallest Levenshtein
//     distance between the names, then old path, then new path (byte
//     order). Candidates too many to score (more than 256 pairs, such as
//     17 old and 17 new copies in one folder) pair in path order instead
//     of by distance, so that pairing stays linear.
//   - A deleted folder and an added folder pair when every entry in each is
//     paired with an entry in the other, at least one of them by data (or
//     as a folder pair: folders are paired deepest first). Empty files and
//     folders holding only such, which cannot pair by data, pair by name
//     inside them. A folder rename therefore means that the whole subtree
//     moved, with nothing added, deleted or rewritten in it; otherwise the
//     files are renames of their own and the folders are deleted and added.
//
// A folder rename is one Renamed change, and what moved with it unchanged
// is not listed: a person wants to see the move, not every file it
// carried. What was also renamed inside it, or whose metadata changed, is
// a Renamed change of its own, with full paths. A deleted or added folder
// is listed with everything in it.
func Images(ctx context.Context, oldImg, newImg *meta.Image, opt Options, progress Progress) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err // small images would finish before the first check
	}
	d := &differ{ctx: ctx, opt: opt, progress: progress}
	for _, img := range []*meta.Image{oldImg, newImg} {
		dirs, files := img.Counts()
		d.total += int64(dirs + files)
	}
	if err := d.match(oldImg.Root, newImg.Root); err != nil {
		return nil, err
	}
	if err := d.pairFiles(); err != nil {
		return nil, err
	}
	d.pairFolders()
	d.listUnmatched()
	slices.SortStableFunc(d.changes, func(a, b Change) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(rank(a.Kind), rank(b.Kind)))
	})
	if progress != nil {
		progress(d.total, d.total)
	}
	return &Result{Changes: d.changes, Summary: summarize(d.changes)}, nil
}

// rank puts a deletion before whatever took its path.
func rank(k Kind) int {
	if k == Deleted {
		return 0
	}
	return 1
}

func summarize(changes []Change) Summary {
	s := Summary{ByFolder: map[string]Counts{}}
	for _, c := range changes {
		key := topFolder(c.Path, c.Dir)
		f := s.ByFolder[key]
		f.add(c)
		s.ByFolder[key] = f
		s.add(c)
	}
	return s
}

func (n *Counts) add(c Change) {
	switch c.Kind {
	case Added:
		n.Added++
	case Deleted:
		n.Deleted++
	case Modified:
		n.Modified++
	case Renamed:
		n.Renamed++
	}
	if c.SizeDelta > 0 {
		n.BytesAdded += c.SizeDelta
	} else {
		n.BytesRemoved -= c.SizeDelta
	}
}

// topFolder is the "/Name" of the top-level folder path lies in (or is).
func topFolder(path string, dir bool) string {
	rest := strings.TrimPrefix(path, "/")
	name, _, nested := strings.Cut(rest, "/")
	if !nested && !dir || rest == "" {
		return "/"
	}
	return "/" + name
}
