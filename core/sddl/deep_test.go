package sddl

import (
	"strings"
	"testing"
)

// A condition as deeply nested as an ACE's 64 KiB allows prints without a
// call per level, which overflowed the page's engine.
func TestConditionDeep(t *testing.T) {
	const nots = 65000
	c := newCond().attr(0xfa, "Dept").op(0x87)
	for range nots {
		c.op(tokNot)
	}
	got, ok := formatCondition(c.b)
	want := strings.Repeat("(!", nots) + "(Exists @RESOURCE.Dept)" + strings.Repeat(")", nots)
	if !ok || got != want {
		t.Errorf("got %v %.60q…, want %.60q…", ok, got, want)
	}
}
