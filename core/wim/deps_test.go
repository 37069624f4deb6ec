package wim_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestCoreNeedsNoOS keeps core/ runnable in a browser worker: none of our
// packages that core builds from may import the OS. Libraries beneath them
// (the standard library's fmt, klauspost's zip) may, as long as everything
// builds for GOOS=js, which `make wasm-check` proves.
func TestCoreNeedsNoOS(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps",
		"-f", `{{if not .Standard}}{{.ImportPath}}:{{join .Imports " "}}{{end}}`,
		"github.com/wimlens/wimlens/core/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	forbidden := map[string]bool{"os": true, "os/exec": true, "os/signal": true, "syscall": true,
		"net": true, "net/http": true, "plugin": true, "unsafe": true}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ":")
		if !strings.HasPrefix(pkg, "github.com/wimlens/wimlens/") {
			continue
		}
		for _, imp := range strings.Fields(imports) {
			if forbidden[imp] {
				t.Errorf("%s imports %s", pkg, imp)
			}
		}
	}
}
