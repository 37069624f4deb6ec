package main

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/wimlens/wimlens/core/view"
)

// readmeSchemas are README.md's JSON schema sections and the core/view
// shape each documents.
var readmeSchemas = map[string]reflect.Type{
	"info --json":            reflect.TypeFor[view.Info](),
	"dir --json":             reflect.TypeFor[view.Dir](),
	"dir --links --json":     reflect.TypeFor[view.LinkList](),
	"search --json":          reflect.TypeFor[view.Search](),
	"diff --json":            reflect.TypeFor[view.Diff](),
	"diff --windows --json":  reflect.TypeFor[view.WinDiff](),
	"verify --json":          reflect.TypeFor[view.Verify](),
	"error objects":          reflect.TypeFor[view.ErrorInfo](),
	"reg --json":             reflect.TypeFor[view.RegKey](),
	"reg --recursive --json": reflect.TypeFor[view.RegWalk](),
}

// documentedIn are shapes that one section documents and the others
// refer to ("each the fields of a dir --json entry").
var documentedIn = map[reflect.Type]string{
	reflect.TypeFor[view.File]():      "dir --json",
	reflect.TypeFor[view.Stream]():    "dir --json",
	reflect.TypeFor[view.Security]():  "dir --json",
	reflect.TypeFor[view.ErrorInfo](): "error objects",
	reflect.TypeFor[view.RegKey]():    "reg --json",
}

var (
	backticked = regexp.MustCompile("`([A-Za-z][A-Za-z0-9]*)`")
	quotedKey  = regexp.MustCompile(`"([A-Za-z][A-Za-z0-9]*)":`)
	// A field named in a table's first column, or marked optional (*).
	namedField = regexp.MustCompile("`([A-Za-z][A-Za-z0-9]*)`\\*")
)

// The JSON schemas in README.md are checked against the shapes that make
// the output: every field the Go type sends is documented in its
// section, and every field the section names (a table's first column, or
// a name marked optional with *) is one the type sends.
func TestReadmeSchemasMatchView(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]string{}
	for _, s := range strings.Split(string(b), "\n### ")[1:] {
		title, body, _ := strings.Cut(s, "\n")
		body, _, _ = strings.Cut(body, "\n## ")
		sections[title] = body
	}
	for title, typ := range readmeSchemas {
		body, ok := sections[title]
		if !ok {
			t.Errorf("README.md has no section ### %s documenting view's %s", title, typ.Name())
			continue
		}
		fields := map[string]bool{}
		seen := map[reflect.Type]bool{}
		for t, where := range documentedIn {
			seen[t] = where != title
		}
		jsonFields(typ, fields, seen)
		named := map[string]bool{}
		for _, m := range backticked.FindAllStringSubmatch(body, -1) {
			named[m[1]] = true
		}
		for _, m := range quotedKey.FindAllStringSubmatch(body, -1) {
			named[m[1]] = true
		}
		for f := range fields {
			if !named[f] {
				t.Errorf("README.md, %s: field %q of %s is not documented", title, f, typ.Name())
			}
		}
		claimed := []string{}
		for _, line := range strings.Split(body, "\n") {
			if cells := strings.Split(line, "|"); len(cells) > 2 && strings.HasPrefix(line, "| ") {
				for _, m := range backticked.FindAllStringSubmatch(strings.TrimSuffix(cells[1], " (optional) "), -1) {
					claimed = append(claimed, m[1])
				}
			}
		}
		for _, m := range namedField.FindAllStringSubmatch(body, -1) {
			claimed = append(claimed, m[1])
		}
		for _, f := range claimed {
			if !fields[f] {
				t.Errorf("README.md, %s: %q is not a field of %s", title, f, typ.Name())
			}
		}
	}
}

// jsonFields adds the JSON names of t's fields, and of the structs it
// holds, as encoding/json writes them.
func jsonFields(t reflect.Type, out map[string]bool, seen map[reflect.Type]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] {
		return
	}
	seen[t] = true
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if f.Anonymous && name == "" {
			jsonFields(f.Type, out, seen)
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = true
		jsonFields(f.Type, out, seen)
	}
}

// Every verb has a section of its own in README.md and a row in its
// table of verbs, JSON output and exit statuses.
func TestReadmeDocumentsEveryVerb(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for name := range verbs {
		if !strings.Contains(string(b), "\n## "+name+"\n") {
			t.Errorf("README.md has no section ## %s", name)
		}
		if !strings.Contains(string(b), "\n| `"+name+"` |") {
			t.Errorf("README.md's table of verbs has no row for %s", name)
		}
	}
}
