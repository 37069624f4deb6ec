package api

import (
	"context"
	"errors"
	"io"

	"github.com/wimlens/wimlens/core/compress"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

// ErrorInfo is an error as the page sees it: a kind to choose the wording
// of the banner by, the message, and where in the file when known.
type ErrorInfo struct {
	Kind     string `json:"kind"`
	Message  string `json:"message"`
	Field    string `json:"field,omitempty"`
	Offset   *int64 `json:"offset,omitempty"`
	Part     int    `json:"part,omitempty"`
	Resource string `json:"resource,omitempty"`
}

// errorKinds are tried in order: the first sentinel an error wraps names
// its kind. Encrypted and missing parts come first because they explain
// the failures that follow from them.
var errorKinds = []struct {
	err  error
	kind string
}{
	{context.Canceled, "cancelled"},
	{wim.ErrEncrypted, "encrypted"},
	{wim.ErrMissingPart, "missing-part"},
	{wim.ErrNotWIM, "not-wim"},
	{wim.ErrDifferentWIMs, "different-wims"},
	{io.ErrUnexpectedEOF, "truncated"},
	{wim.ErrChecksum, "checksum"},
	{wim.ErrUnsupported, "unsupported"},
	{wim.ErrMissingBlob, "missing-blob"},
	{compress.ErrCorrupt, "corrupt"},
	{wim.ErrFormat, "format"},
}

// Describe turns any error into an ErrorInfo.
func Describe(err error) *ErrorInfo {
	var d *described
	if errors.As(err, &d) {
		info := d.info
		return &info
	}
	info := &ErrorInfo{Kind: "error", Message: err.Error()}
	for _, k := range errorKinds {
		if errors.Is(err, k.err) {
			info.Kind = k.kind
			break
		}
	}
	// An image's metadata that cannot be parsed wraps no sentinel.
	var me *meta.Error
	if errors.As(err, &me) && info.Kind == "error" {
		info.Kind = "format"
	}
	var fe *wim.FormatError
	if errors.As(err, &fe) {
		info.Field, info.Part, info.Resource = fe.Field, fe.Part, fe.Resource
		if fe.Offset >= 0 {
			off := fe.Offset
			info.Offset = &off
		}
	}
	return info
}
