package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// The checked-in TypeScript must be what core/view's shapes make.
func TestProtocolIsGenerated(t *testing.T) {
	want, err := generate("../../core/view")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../web/src/protocol.gen.ts")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("web/src/protocol.gen.ts is not what core/view's shapes make: run go generate ./core/view")
	}
}

// The rules, on a small package: what JSON encodes is what TypeScript
// says.
func TestRules(t *testing.T) {
	dir := t.TempDir()
	src := `package p

// Kind is a kind.
type Kind string

const (
	KindA Kind = "a" // the first
	KindB Kind = "b"
)

type Base struct {
	ID int64 ` + "`json:\"id\"`" + `
}

// File clashes with the DOM's.
type File struct {
	Base
	Name   string            ` + "`json:\"name\"`" + `
	Size   uint64            ` + "`json:\"size,omitempty\"`" + `
	Kind   Kind              ` + "`json:\"kind\"`" + `
	Next   *Base             ` + "`json:\"next\"`" + `
	Prev   *Base             ` + "`json:\"prev,omitempty\"`" + `
	Same   Base              ` + "`json:\"same,omitempty\"`" + `
	Tags   []string          ` + "`json:\"tags\"`" + `
	ByName map[string][]Kind ` + "`json:\"byName\"`" + `
	Pair   [2]int            ` + "`json:\"pair\"`" + `
	Any    any               ` + "`json:\"any,omitempty\"`" + `
	Hidden func()            ` + "`json:\"-\"`" + `
	inner  int
}

// Plain has no JSON tags: the Go side's own.
type Plain struct{ X int }
`
	if err := os.WriteFile(dir+"/p.go", []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{
		"export type Kind =\n  /** the first */\n  | \"a\"\n  | \"b\";\n",
		"export interface FileInfo extends Base {\n",
		"  name: string;\n", "  size?: number;\n", "  kind: Kind;\n",
		"  next: Base | null;\n", "  prev?: Base;\n", "  same: Base;\n",
		"  tags: string[];\n", "  byName: Record<string, Kind[]>;\n",
		"  pair: [number, number];\n", "  any?: unknown;\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, got)
		}
	}
	for _, absent := range []string{"Plain", "hidden", "inner"} {
		if strings.Contains(got, absent) {
			t.Errorf("%s is generated:\n%s", absent, got)
		}
	}
	if _, err := generate(t.TempDir()); err != nil {
		t.Errorf("an empty package: %v", err)
	}
	bad := "package p\n\nimport \"time\"\n\ntype T struct {\n\tAt time.Time `json:\"at\"`\n}\n"
	if err := os.WriteFile(dir+"/p.go", []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := generate(dir); err == nil {
		t.Error("a type of another package has no twin, and generate said nothing")
	}
}
