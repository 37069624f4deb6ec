package inputerr

import (
	"errors"
	"io"
	"testing"
)

var (
	errKind  = errors.New("malformed WIM")
	errTrunc = errors.New("the file is truncated (incomplete download?)")
)

// Each package's style reads as that package's messages always did.
func TestMessages(t *testing.T) {
	for _, tc := range []struct {
		err  *Error
		want string
	}{
		{&Error{Kind: errKind, Field: "header chunk size", Offset: 20, Detail: "chunk size 3 is not a power of two", Part: 2},
			"header chunk size: malformed WIM: chunk size 3 is not a power of two (part 2, offset 20)"},
		{&Error{Kind: errTrunc, Offset: -1, Detail: "the file ends at 9 bytes but its blob table reaches 90", Err: errTrunc},
			"the file ends at 9 bytes but its blob table reaches 90: the file is truncated (incomplete download?)"},
		{&Error{Kind: errKind, Field: "image 1 metadata", Offset: -1, Resource: "ab12", Err: errors.New("lzx: corrupt data at input byte 4: bad block type")},
			"image 1 metadata: malformed WIM: lzx: corrupt data at input byte 4: bad block type (blob ab12)"},
		{&Error{Field: "header", Offset: 0, Err: io.ErrClosedPipe},
			"header: io: read/write on closed pipe (offset 0)"},
		{&Error{Kind: errKind, Field: "directory entry", Offset: 8, Detail: "length 9 does not fit", Dir: "/a",
			Style: Style{At: "at metadata offset", Unsaid: true}},
			"directory entry at metadata offset 8: length 9 does not fit (in /a)"},
		{&Error{Kind: errKind, Field: "owner SID", Offset: 4, Detail: "offset 300 is outside", Style: Style{Prefix: "sddl", At: "at byte"}},
			"sddl: owner SID at byte 4: malformed WIM: offset 300 is outside"},
		{&Error{Kind: errKind, Offset: 0, Detail: "3 bytes", Style: Style{Prefix: "reparse", At: "at byte"}},
			"reparse: at byte 0: malformed WIM: 3 bytes"},
		{&Error{Kind: errKind, Offset: 7, Detail: "bad block type", Style: Style{Prefix: "lzx", At: "corrupt data at input byte", Unsaid: true}},
			"lzx: corrupt data at input byte 7: bad block type"},
		{&Error{Kind: errKind, Offset: 0x3c, Detail: "the optional header magic is 0x1234", Style: Style{Unsaid: true, Hex: true}},
			"the optional header magic is 0x1234 (offset 0x3c)"},
		{&Error{Kind: errKind, Field: `the value "UBR" of the key "HKLM\X"`, Offset: 0x1020, Detail: "claims 5 bytes of data (offset 0x1020)",
			Style: Style{Unsaid: true, Subject: true, OffsetUnsaid: true}},
			`the value "UBR" of the key "HKLM\X" claims 5 bytes of data (offset 0x1020)`},
		{&Error{Kind: errKind, Offset: -1, Line: 2, Detail: "a line before the first [section]", Style: Style{Prefix: "INF file", Unsaid: true}},
			"INF file, line 2: a line before the first [section]"},
		{&Error{Kind: errKind, Offset: -1, Detail: "33 bytes, more than the 32 read", Style: Style{Prefix: "INF file", Unsaid: true}},
			"INF file: 33 bytes, more than the 32 read"},
		{&Error{Kind: errKind, Offset: -1, Line: 7, Field: `DriverVer "x"`, Detail: "no date", Style: Style{Prefix: "INF file", Unsaid: true}},
			`INF file, line 7: DriverVer "x": no date`},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}

// errors.Is finds the kind, what the kind matches, and the cause's kinds.
func TestIs(t *testing.T) {
	inner := &Error{Kind: errTrunc, Offset: 3}
	outer := &Error{Kind: errKind, Offset: -1, Err: inner}
	for _, target := range []error{errKind, errTrunc} {
		if !errors.Is(outer, target) {
			t.Errorf("errors.Is(%v, %v) is false", outer, target)
		}
	}
	if errors.Is(inner, errKind) {
		t.Error("the cause matches its wrapper's kind")
	}
	var e *Error
	if !errors.As(outer, &e) || e != outer {
		t.Error("errors.As finds the outer error first")
	}
	caused := &Error{Offset: -1, Err: io.ErrUnexpectedEOF}
	if !errors.Is(caused, io.ErrUnexpectedEOF) {
		t.Error("a kindless error does not match its cause")
	}
}
