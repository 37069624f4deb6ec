package diff

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/internal/wimlibref"
)

// TestReasons changes one thing at a time in a copy of a real entry.
func TestReasons(t *testing.T) {
	open := func(name string) *meta.Image {
		img, err := wimlibref.Open(t, name).Image(1)
		require.NoError(t, err)
		return img
	}
	ntfs, unix := open("ntfs-none.wim"), open("unix-data.wim")
	lookup := func(img *meta.Image, p string) *meta.File {
		f, err := img.Lookup(p)
		require.NoError(t, err)
		return f
	}
	many := lookup(ntfs, "/Odd/streams/many-streams.txt")
	link := lookup(ntfs, "/Links/ln-s-absolute")
	// Folders alike but for their UNIX data (mode 040755 and 041777).
	home, tmp := lookup(unix, "/home"), lookup(unix, "/tmp")
	other := digest.SHA1{1}
	edit := func(f *meta.File, change func(*meta.File)) *meta.File {
		g := *f
		g.Streams = append([]meta.Stream(nil), f.Streams...)
		change(&g)
		return &g
	}
	stream := func(f *meta.File, name string) *meta.Stream {
		for i := range f.Streams {
			if f.Streams[i].Name == name {
				return &f.Streams[i]
			}
		}
		t.Fatalf("no stream %q", name)
		return nil
	}
	cases := []struct {
		name string
		old  *meta.File
		new  *meta.File
		opt  Options
		want []string
	}{
		{"same", many, edit(many, func(*meta.File) {}), Options{Times: true}, nil},
		{"content", many, edit(many, func(g *meta.File) { stream(g, "").Hash = other }), Options{}, []string{"content"}},
		{"content emptied", many, edit(many, func(g *meta.File) { stream(g, "").Hash = digest.SHA1{} }), Options{}, []string{"content"}},
		{"streams", many, edit(many, func(g *meta.File) {
			stream(g, "two").Hash = other
			stream(g, "one").Name = "uno"
		}), Options{}, []string{"stream-removed:one", "stream:two", "stream-added:uno"}},
		{"stream order alone", many, edit(many, func(g *meta.File) {
			g.Streams[1], g.Streams[2] = g.Streams[2], g.Streams[1]
		}), Options{}, nil},
		{"reparse data", link, lookup(ntfs, "/Links/ln-s-relative"), Options{}, []string{"reparse"}},
		{"reparse tag", link, edit(link, func(g *meta.File) { g.ReparseTag++ }), Options{}, []string{"reparse"}},
		{"attributes", many, edit(many, func(g *meta.File) { g.Attributes |= meta.AttrHidden }), Options{}, []string{"attributes"}},
		{"short name", many, edit(many, func(g *meta.File) { g.ShortName = "MANY-S~1.TXT" }), Options{}, []string{"short-name"}},
		{"security", many, edit(many, func(g *meta.File) { g.SecurityID = lookup(ntfs, "/Program Files/App/app.exe").SecurityID }), Options{}, []string{"security"}},
		{"unix", home, tmp, Options{}, []string{"unix"}},
		{"unix dropped", home, &meta.File{Attributes: home.Attributes, SecurityID: home.SecurityID, Streams: home.Streams}, Options{}, []string{"unix"}},
		{"times ignored", many, edit(many, func(g *meta.File) { g.Creation, g.LastWrite, g.LastAccess = 1, 2, 3 }), Options{}, nil},
		{"times", many, edit(many, func(g *meta.File) { g.Creation, g.LastWrite, g.LastAccess = 1, 2, 3 }), Options{Times: true},
			[]string{"creation-time", "last-write-time", "last-access-time"}},
		{"all in order", many, edit(many, func(g *meta.File) {
			stream(g, "").Hash = other
			stream(g, "big").Hash = other
			g.Attributes |= meta.AttrHidden
			g.ShortName = "X"
			g.SecurityID = -1
			g.LastWrite++
		}), Options{Times: true}, []string{"content", "stream:big", "attributes", "short-name", "security", "last-write-time"}},
	}
	for _, c := range cases {
		require.Equal(t, c.want, reasons(c.old, c.new, c.opt), c.name)
	}
}

// TestEmptyHashes: the SHA-1 of no bytes and the zero hash both mean empty.
func TestEmptyHashes(t *testing.T) {
	empty := &meta.File{Streams: []meta.Stream{{Hash: emptyData}, {Name: "s", Hash: emptyData}}}
	zero := &meta.File{Streams: []meta.Stream{{}, {Name: "s"}}}
	_, ok := content(empty)
	require.False(t, ok)
	require.Empty(t, streamReasons(nil, empty, zero))
}
