package main

import (
	"bytes"
	"os"
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
