package registry

import (
	"strings"
	"testing"
)

// FuzzParse reads any text as a key path: it names a hive an image holds,
// and a key whose names are the path's, or it is ErrBadPath.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`HKLM\SOFTWARE\Microsoft`, `hkey_users/.default`, `HKLM`, `\\`, `HKU\DefaultUser\x\\y/`, "HKLM\\SYSTEM\\\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		name, key, err := Parse(path)
		if err != nil {
			return
		}
		if !strings.Contains(hiveList(), name) || strings.Contains(key, `\\`) || strings.HasPrefix(key, `\`) || strings.Contains(key, "/") {
			t.Fatalf("Parse(%q) = %q, %q", path, name, key)
		}
	})
}
