package main

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/internal/wimlibref"
)

// wantNameStatus is the edit between the two images of ntfs-two.wim (see
// testvectors/manifest/edit-changes.json), as git diff --name-status lists
// it, with what changed in each modified entry.
const wantNameStatus = "M\t/Program Files/App/app.exe\t(security)\n" +
	"D\t/Program Files/App/plugins\n" +
	"D\t/Program Files/App/plugins/alpha.dll\n" +
	"D\t/Program Files/App/plugins/beta.dll\n" +
	"A\t/Program Files/NewApp\n" +
	"A\t/Program Files/NewApp/config.ini\n" +
	"A\t/Program Files/NewApp/newapp.exe\n" +
	"A\t/Users/Public/Documents/new-file.txt\n" +
	"D\t/Users/Public/Documents/old-notes.txt\n" +
	"M\t/Users/Public/Documents/readme.txt\t(stream:summary)\n" +
	"R\t/Users/Public/Documents/report-draft.txt\t/Users/Public/Documents/report-final.txt\n" +
	"R\t/Users/Public/Documents/move-me.txt\t/Users/Public/Pictures/move-me.txt\n" +
	"M\t/Windows/System32/drivers/etc/hosts\t(content)\n"

func TestDiffOneAndTwoWIMs(t *testing.T) {
	two := filepath.Join(wimlibref.Dir(), "ntfs-two.wim")
	other := filepath.Join(wimlibref.Dir(), "ntfs-edited-xpress.wim")
	require.Equal(t, wantNameStatus, must(t, exitProblems, "diff", two, "1", "2").stdout)
	require.Equal(t, wantNameStatus, must(t, exitProblems, "diff", two, "Base", other, "1").stdout)
	require.Empty(t, must(t, exitOK, "diff", two, "Edited", other, "1").stdout)
	must(t, exitError, "diff", two, "1", "9")

	var d view.Diff
	require.NoError(t, json.Unmarshal([]byte(must(t, exitProblems, "diff", two, "1", "2", "--json").stdout), &d))
	require.Equal(t, view.DiffCounts{Added: 4, Deleted: 4, Modified: 3, Renamed: 2, BytesAdded: 5198, BytesRemoved: 3101}, d.Summary)
	for _, c := range d.Changes {
		if c.Path == "/Program Files/App/app.exe" {
			require.Equal(t, []string{"security"}, c.Reasons)
			require.NotEqual(t, c.Old.SDDL, c.New.SDDL, "both sides' ACLs are shown")
			// and as structure, for the page's permission tables.
			require.NotNil(t, c.Old.Security)
			require.NotNil(t, c.New.Security)
			require.NotEqual(t, c.Old.Security.DACL, c.New.Security.DACL)
		} else {
			for _, s := range []*view.Side{c.Old, c.New} {
				require.True(t, s == nil || s.Security == nil, "%s: structure only where the security changed", c.Path)
			}
		}
	}
}
