package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/internal/wimlibref"
	"github.com/wimlens/wimlens/wasm/api"
	"github.com/wimlens/wimlens/wasm/blobcache"
)

// TestSearchPageFiltersMatchCLI sends the page's search, filters and all,
// to the worker's engine and the same query to the CLI, on vectors: the
// two must find the same paths, in the same order.
func TestSearchPageFiltersMatchCLI(t *testing.T) {
	hosts := "" // a SHA-1 the vectors hold, found below
	cases := []struct {
		text   string
		filter view.SearchFilter
	}{
		{"", view.SearchFilter{Streams: true}},
		{"", view.SearchFilter{Reparse: true}},
		{"", view.SearchFilter{MinSize: 2000, MaxSize: 4000}},
		{"*.exe", view.SearchFilter{MinSize: 1}},
		{"", view.SearchFilter{Attributes: []string{"hidden"}}},
		{"", view.SearchFilter{Attributes: []string{"READONLY", "FILE_ATTRIBUTE_HIDDEN"}}},
		{"", view.SearchFilter{Attributes: []string{"DIRECTORY"}, Reparse: true}},
		{"a", view.SearchFilter{MaxSize: 100}},
		{"", view.SearchFilter{SHA1: "sha1 of hosts"}},
	}
	found := make([]int, len(cases))
	for _, name := range []string{"ntfs-two.wim", "ntfs-solid.esd", "sample.wim"} {
		path := filepath.Join(wimlibref.Dir(), name)
		s := api.NewServer(nil)
		f, err := os.Open(path)
		require.NoError(t, err)
		defer f.Close()
		st, err := f.Stat()
		require.NoError(t, err)
		fetch := func(p []byte, off int64) error { _, err := f.ReadAt(p, off); return err }
		_, err = s.Open([]api.Part{{Name: name, R: blobcache.New(fetch, st.Size(), 1<<16, 8)}})
		require.NoError(t, err)
		for i, c := range cases {
			if c.filter.SHA1 != "" {
				if hosts == "" {
					var res view.Search
					require.NoError(t, json.Unmarshal([]byte(must(t, exitOK, "search", filepath.Join(wimlibref.Dir(), "ntfs-two.wim"), "1", "hosts", "--glob", "--json").stdout), &res))
					hosts = res.Hits[0].Streams[0].Hash
				}
				c.filter.SHA1 = hosts
			}
			args := []string{"search", path, "1", c.text}
			if c.filter.MinSize > 0 {
				args = append(args, "--min-size", strconv.FormatInt(c.filter.MinSize, 10))
			}
			if c.filter.MaxSize > 0 {
				args = append(args, "--max-size", strconv.FormatInt(c.filter.MaxSize, 10))
			}
			if len(c.filter.Attributes) > 0 {
				args = append(args, "--attributes", strings.Join(c.filter.Attributes, ","))
			}
			if c.filter.Streams {
				args = append(args, "--streams")
			}
			if c.filter.Reparse {
				args = append(args, "--reparse")
			}
			if c.filter.SHA1 != "" {
				args = append(args, "--sha1", c.filter.SHA1)
			}
			cli := lines(wimlens(t, args...).stdout)
			res, err := s.Handle(api.Request{Op: "search", Image: 1, Query: c.text, Filter: &c.filter, Limit: 1 << 20}, nil)
			require.NoError(t, err)
			var page []string
			for _, h := range res.(*view.Results).Hits {
				page = append(page, oneLine(h.Path)) // as the CLI prints it
			}
			require.Equal(t, cli, page, "%s: %v", name, args[3:])
			found[i] += len(cli)
		}
	}
	// Every case found something somewhere, or the test proves little.
	for i, n := range found {
		require.NotZero(t, n, "case %d found nothing on any vector", i)
	}
	must(t, exitError, "search", filepath.Join(wimlibref.Dir(), "ntfs-two.wim"), "1", "", "--attributes", "HIDDEN,NO_SUCH")
}
