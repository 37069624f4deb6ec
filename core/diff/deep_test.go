package diff_test

import (
	"context"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/diff"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// deepest is wimlib's limit on nesting, which the core enforces too.
const deepest = 16384

// chain is depth folders named name, one in another, the last holding
// kids.
func chain(name string, depth int, kids ...*wimtest.Entry) *wimtest.Entry {
	top := dir(name, kids...)
	for range depth - 1 {
		top = dir(name, top)
	}
	return top
}

// Trees nested as deep as an image may be compare without recursion deep
// enough to overflow a call stack (the page's engine has a small one):
// a change at the bottom, and a folder moved with 16,384 empty folders
// under it, which renames pair level by level.
func TestDeepTrees(t *testing.T) {
	old := build(t, chain("d", deepest-1, file("f", "one")))
	cur := build(t, chain("d", deepest-1, file("f", "two")))
	res, err := diff.Images(context.Background(), old, cur, diff.Options{}, nil)
	require.NoError(t, err)
	require.Len(t, res.Changes, 1)
	c := res.Changes[0]
	require.Equal(t, diff.Modified, c.Kind)
	require.Equal(t, strings.Repeat("/d", deepest-1)+"/f", c.Path)

	old = build(t, dir("d", file("f", "data"), chain("c", deepest-1)))
	cur = build(t, dir("e", file("f", "data"), chain("c", deepest-1)))
	res, err = diff.Images(context.Background(), old, cur, diff.Options{}, nil)
	require.NoError(t, err)
	require.Equal(t, []line{renamed("/d", "/e")}, lines(res))
}

// Comparing a deep tree with itself builds one path at a time: a string
// per level would take depth² bytes, 268 MB here and tens of GB with
// long names.
func TestDeepTreeWithItself(t *testing.T) {
	img := build(t, chain("d", deepest-1, file("f", "one")))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res, err := diff.Images(context.Background(), img, img, diff.Options{}, nil)
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	require.Empty(t, res.Changes)
	require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(16<<20))
}
