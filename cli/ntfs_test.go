package main

import (
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// ntfsStreams is what ntfsWIM puts in its volume: file -> stream -> data
// ("" is the unnamed stream).
var ntfsStreams = map[string]map[string]string{
	"/f.txt":     {"": "main data\n", "ads": "stream data\n", "Zone.Identifier": "[ZoneTransfer]\nZoneId=3\n"},
	"/plain.txt": {"": "plain\n"},
}

// ntfsWIM captures a small NTFS volume, which is how a WIM gets what a
// Linux capture cannot give it: named streams and security descriptors.
// The volume is an image file written with mkntfs and ntfscp, so no mount
// or root is needed.
func ntfsWIM(t *testing.T) string {
	t.Helper()
	requireWimlib(t)
	for _, tool := range []string{"mkntfs", "ntfscp"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install ntfs-3g); skipping the NTFS capture", tool)
		}
	}
	dir := t.TempDir()
	vol := filepath.Join(dir, "vol.img")
	check(t, os.WriteFile(vol, nil, 0o644))
	check(t, os.Truncate(vol, 8<<20))
	runTool(t, "mkntfs", "-F", "-f", "-q", vol)
	for file, streams := range ntfsStreams {
		// The unnamed stream ("" sorts first) creates the file.
		for _, name := range slices.Sorted(maps.Keys(streams)) {
			data := streams[name]
			src := filepath.Join(dir, "data")
			check(t, os.WriteFile(src, []byte(data), 0o644))
			args := []string{vol, src, file}
			if name != "" {
				args = append([]string{"-N", name}, args...)
			}
			runTool(t, "ntfscp", args...)
		}
	}
	out := filepath.Join(dir, "ntfs.wim")
	wimlib(t, "capture", vol, out, "ntfs", "--compress=none")
	return out
}

func runTool(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %q: %v: %s", name, args, err, out)
	}
}
