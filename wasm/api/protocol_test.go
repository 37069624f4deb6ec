package api

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// web/src/protocol.ts's Call, the one shape of the protocol written by
// hand (a union by op, which Go's flat Request does not say), names only
// Request's fields and the ops Handle knows.
func TestCallMatchesRequest(t *testing.T) {
	b, err := os.ReadFile("../../web/src/protocol.ts")
	if err != nil {
		t.Fatal(err)
	}
	_, block, _ := strings.Cut(string(b), "export type Call =")
	block, _, _ = strings.Cut(block, ";\n\n")
	var code []string
	for _, line := range strings.Split(block, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "//") {
			code = append(code, line)
		}
	}
	block = strings.Join(code, "\n")
	tags := map[string]bool{}
	rt := reflect.TypeFor[Request]()
	for i := range rt.NumField() {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		tags[name] = true
	}
	// Passed beside the request's JSON, not in it: the shard counter and a
	// helper's files (jsbridge's arguments, Request.Claim and Files), and
	// a download's sink, which stays in the page's worker.
	beside := map[string]bool{"shards": true, "files": true, "sink": true}
	for _, m := range regexp.MustCompile(`(\w+)\??:`).FindAllStringSubmatch(block, -1) {
		if !tags[m[1]] && !beside[m[1]] {
			t.Errorf("protocol.ts's Call has %q, which Request does not", m[1])
		}
	}
	ops := regexp.MustCompile(`op: "(\w+)"`).FindAllStringSubmatch(block, -1)
	if len(ops) == 0 {
		t.Fatal("no ops found in protocol.ts's Call")
	}
	s := open(t, capture(t))
	for _, m := range ops {
		if _, err := s.Handle(Request{Op: m[1], Image: 1}, &collector{}); err != nil && strings.Contains(err.Error(), "unknown request") {
			t.Errorf("protocol.ts's Call has op %q, which Handle does not know", m[1])
		}
	}
}
