package view

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/wimlens/wimlens/core/compress"
	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/sddl"
	"github.com/wimlens/wimlens/core/wim"
)

// Each error goes out with the kind errors.Is finds in it, what is wrong,
// and where in the file when the archive's own error says so.
func TestDescribeErrorKinds(t *testing.T) {
	off := int64(208)
	for _, c := range []struct {
		name string
		err  error
		want ErrorInfo
	}{
		{"a header field", &inputerr.Error{Kind: wim.ErrFormat, Part: 2, Offset: off, Field: "header chunk size", Detail: "chunk size 3 is not a power of two"},
			ErrorInfo{Kind: KindFormat, Field: "header chunk size", Offset: &off, Part: 2, Detail: "chunk size 3 is not a power of two"}},
		{"wrapped on its way out", fmt.Errorf("opening: %w", &inputerr.Error{Kind: wim.ErrChecksum, Offset: -1, Resource: "ab12", Detail: "data hashes to cd34"}),
			ErrorInfo{Kind: KindChecksum, Resource: "ab12", Detail: "data hashes to cd34"}},
		{"truncated", &inputerr.Error{Kind: wim.ErrTruncated, Offset: -1, Detail: "the file ends at 9 bytes", Err: wim.ErrTruncated},
			ErrorInfo{Kind: KindTruncated, Detail: "the file ends at 9 bytes"}},
		// An image's metadata, a descriptor: malformed input, their
		// offsets inside the structure not sent as the file's.
		{"a directory entry", &inputerr.Error{Kind: meta.ErrBadDentry, Field: "directory entry", Offset: 8, Detail: "length 9 does not fit", Style: inputerr.Style{At: "at metadata offset", Unsaid: true}},
			ErrorInfo{Kind: KindFormat, Detail: "length 9 does not fit"}},
		{"a descriptor", &inputerr.Error{Kind: sddl.ErrACLSize, Field: "DACL", Offset: 20, Detail: "size 3", Style: inputerr.Style{Prefix: "sddl", At: "at byte"}},
			ErrorInfo{Kind: KindFormat, Detail: "size 3"}},
		{"a decoder", fmt.Errorf("chunk 3: %w", compress.ErrCorrupt), ErrorInfo{Kind: KindCorrupt}},
		{"cancelled", context.Canceled, ErrorInfo{Kind: KindCancelled}},
		{"anything else", errors.New("no node 7"), ErrorInfo{Kind: KindError}},
	} {
		got := DescribeError(c.err)
		c.want.Message = c.err.Error()
		if g, w := asJSON(t, got), asJSON(t, c.want); g != w {
			t.Errorf("%s: %s, want %s", c.name, g, w)
		}
	}
}

// An error another engine described comes back as it was described.
func TestUndescribeRoundTrip(t *testing.T) {
	info := DescribeError(&inputerr.Error{Kind: wim.ErrChecksum, Offset: 5, Detail: "d"})
	if g, w := asJSON(t, DescribeError(Undescribe(info))), asJSON(t, info); g != w {
		t.Errorf("%s, want %s", g, w)
	}
	if err := Undescribe(&ErrorInfo{}); err == nil || err.Error() != "an engine reported an error without saying which" {
		t.Errorf("an empty description: %v", err)
	}
}

func asJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
