package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/internal/wimlibref"
)

func TestSearch(t *testing.T) {
	two := filepath.Join(wimlibref.Dir(), "ntfs-two.wim")
	require.Equal(t, []string{"/Program Files/App/app.exe"}, lines(must(t, exitOK, "search", two, "1", "/program files/app/a").stdout))
	require.Equal(t, []string{"/Windows/System32/notepad.exe", "/Windows/notepad.exe"}, lines(must(t, exitOK, "search", two, "1", "notepad.*").stdout))
	require.Equal(t, []string{"/Windows/System32/drivers/etc/hosts"}, lines(must(t, exitOK, "search", two, "1", "HOSTS", "--glob").stdout))
	// A glob without wildcards is a whole name; fuzzy allows a typo.
	require.Equal(t, []string{"/Program Files/App/app.exe"}, lines(must(t, exitOK, "search", two, "1", "apq.exe", "--fuzzy").stdout))
	require.Equal(t, []string{"/Program Files/NewApp/config.ini"}, lines(must(t, exitOK, "search", two, "2", "config.ini", "--fuzzy", "--limit", "1").stdout))

	r := must(t, exitOK, "search", two, "1", "*.exe", "--limit", "1")
	require.Len(t, lines(r.stdout), 1)
	require.Contains(t, r.stderr, "--limit")

	require.Contains(t, lines(must(t, exitOK, "search", two, "1", "", "--streams").stdout), "/Odd/streams/many-streams.txt")
	require.Contains(t, lines(must(t, exitOK, "search", two, "1", "", "--reparse").stdout), "/Links/junction-to-Windows")
	for _, p := range lines(must(t, exitOK, "search", two, "1", "", "--min-size", "2000", "--max-size", "4000").stdout) {
		require.NotContains(t, p, "/Odd/streams", "only files of the size asked for")
	}

	var res view.Search
	require.NoError(t, json.Unmarshal([]byte(must(t, exitOK, "search", two, "1", "hosts", "--json").stdout), &res))
	require.Equal(t, "substring", res.Mode)
	var hosts view.File
	for _, h := range res.Hits {
		if h.Path == "/Windows/System32/drivers/etc/hosts" {
			hosts = h.File
		}
	}
	require.NotEmpty(t, hosts.Streams)
	require.Equal(t, []string{hosts.Path}, lines(must(t, exitOK, "search", two, "1", "", "--sha1", hosts.Streams[0].Hash).stdout))

	must(t, exitProblems, "search", two, "1", "no-such-name")
	must(t, exitProblems, "search", two, "1", "") // no text and no filter finds nothing
	must(t, exitError, "search", two, "1", "", "--sha1", "xyz")
	must(t, exitError, "search", two, "1", "a", "--glob", "--fuzzy")
	must(t, exitError, "search", two, "9", "a")
	must(t, exitError, "search", two, "1")
}
