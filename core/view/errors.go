package view

import (
	"context"
	"errors"
	"io"

	"github.com/wimlens/wimlens/core/compress"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

// ErrorInfo is an error as it goes out: a kind to choose the wording by,
// the message, and where in the file when known.
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
	// An image's metadata that cannot be parsed.
	{meta.ErrSecurityTable, "format"},
	{meta.ErrBadDentry, "format"},
	{meta.ErrRootNotDir, "format"},
	{meta.ErrTooDeep, "format"},
}

// DescribeError turns any error into an ErrorInfo; an error Undescribe
// made gives back the description it was made from.
func DescribeError(err error) *ErrorInfo {
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

// described is an error another engine met, as it described it.
type described struct{ info ErrorInfo }

func (e *described) Error() string { return e.info.Message }

// Undescribe is the error info describes, for an engine that joins what
// other engines reported: DescribeError gives info back.
func Undescribe(info *ErrorInfo) error {
	if info == nil {
		return errors.New("an engine reported an error without saying which")
	}
	return &described{*info}
}

// Envelope is how the worker answers a request: its result, or its error
// (with what it had made, for an open that failed past the header), and
// how much of the files has been read so far.
type Envelope struct {
	Result any        `json:"result,omitempty"`
	Error  *ErrorInfo `json:"error,omitempty"`
	Stats  ReadStats  `json:"stats"`
}
