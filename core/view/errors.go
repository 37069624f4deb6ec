package view

import (
	"context"
	"errors"
	"io"

	"github.com/wimlens/wimlens/core/compress"
	"github.com/wimlens/wimlens/core/inputerr"
	"github.com/wimlens/wimlens/core/wim"
)

// ErrorInfo is an error as it goes out: a kind to choose the wording by,
// the message, what is wrong (Detail) and where in the file when known.
type ErrorInfo struct {
	Kind     ErrorKind `json:"kind"`
	Message  string    `json:"message"`
	Field    string    `json:"field,omitempty"`
	Offset   *int64    `json:"offset,omitempty"`
	Detail   string    `json:"detail,omitempty"` // what is wrong, without the where
	Part     int       `json:"part,omitempty"`
	Resource string    `json:"resource,omitempty"`
}

// ErrorKind names what kind of error it is, for the page and scripts to
// choose their wording by.
type ErrorKind string

// Error kinds. Most name the sentinel an error wraps (see errorKinds).
const (
	KindCancelled     ErrorKind = "cancelled"
	KindEncrypted     ErrorKind = "encrypted"
	KindMissingPart   ErrorKind = "missing-part"
	KindNotWIM        ErrorKind = "not-wim"
	KindDifferentWIMs ErrorKind = "different-wims"
	KindTruncated     ErrorKind = "truncated"
	KindChecksum      ErrorKind = "checksum"
	KindUnsupported   ErrorKind = "unsupported"
	KindMissingBlob   ErrorKind = "missing-blob"
	KindCorrupt       ErrorKind = "corrupt"
	KindFormat        ErrorKind = "format"
	KindError         ErrorKind = "error" // none of the others
	// KindEngine is the page's own: its engine died (web/src/worker-client.ts).
	// No Go code makes it; it is here so the protocol names every kind.
	KindEngine ErrorKind = "engine"
)

// errorKinds are tried in order: the first sentinel an error wraps names
// its kind. Encrypted and missing parts come first because they explain
// the failures that follow from them.
var errorKinds = []struct {
	err  error
	kind ErrorKind
}{
	{context.Canceled, KindCancelled},
	{wim.ErrEncrypted, KindEncrypted},
	{wim.ErrMissingPart, KindMissingPart},
	{wim.ErrNotWIM, KindNotWIM},
	{wim.ErrDifferentWIMs, KindDifferentWIMs},
	{io.ErrUnexpectedEOF, KindTruncated},
	{wim.ErrChecksum, KindChecksum},
	{wim.ErrUnsupported, KindUnsupported},
	{wim.ErrMissingBlob, KindMissingBlob},
	{compress.ErrCorrupt, KindCorrupt},
	{wim.ErrFormat, KindFormat},
}

// DescribeError turns any error into an ErrorInfo; an error Undescribe
// made gives back the description it was made from.
func DescribeError(err error) *ErrorInfo {
	var d *described
	if errors.As(err, &d) {
		info := d.info
		return &info
	}
	info := &ErrorInfo{Kind: KindError, Message: err.Error()}
	for _, k := range errorKinds {
		if errors.Is(err, k.err) {
			info.Kind = k.kind
			break
		}
	}
	var fe *inputerr.Error
	if !errors.As(err, &fe) {
		return info
	}
	info.Detail = fe.Detail
	// Input that cannot be read, of a kind the table does not name (an
	// image's metadata, a descriptor's, a hive's...), is malformed input.
	if info.Kind == KindError && fe.Kind != nil {
		info.Kind = KindFormat
	}
	// Where in the file, which the archive's own errors (in the plain
	// style) say; an offset inside a structure (metadata, a descriptor, a
	// chunk) alone means nothing to the page.
	if fe.Style == (inputerr.Style{}) {
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
	if info == nil || *info == (ErrorInfo{}) {
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
