package meta

import (
	"errors"
	"fmt"

	"github.com/wimlens/wimlens/core/inputerr"
)

// Kinds of a metadata resource that cannot be parsed at all: every such
// error is an *inputerr.Error whose Kind is one of these, whose Field is
// the structure at fault and whose Offset counts in the uncompressed
// resource (Dir names the directory being read, when known). Problems
// confined to some entries do not fail the parse: they become Anomalies.
var (
	ErrSecurityTable = errors.New("bad security table")
	ErrBadDentry     = errors.New("bad directory entry")
	ErrRootNotDir    = errors.New("root entry is not a directory")
	ErrTooDeep       = errors.New("directory tree nested too deep")
	// ErrReparseTooLarge: a reparse point's data is over NTFS's 16 KiB,
	// refused rather than read into memory ("/path: reparse data of ...":
	// Field is the file's path, and there is no offset).
	ErrReparseTooLarge = errors.New("reparse data too large")
)

// style: "directory entry at metadata offset 120: length 4 does not fit
// (in \\Windows)". The kind is not said: the field and detail say it.
var style = inputerr.Style{At: "at metadata offset", Unsaid: true}

// malformed is the error for a structure at off that cannot be parsed.
func malformed(kind error, field string, off int64, format string, args ...any) *inputerr.Error {
	return &inputerr.Error{Kind: kind, Field: field, Offset: off, Detail: fmt.Sprintf(format, args...), Style: style}
}

// AnomalyKind classifies what is wrong with an entry that was kept.
type AnomalyKind string

const (
	AnomalyUnnamed        AnomalyKind = "unnamed"          // a non-root entry without a name
	AnomalyDotName        AnomalyKind = "dot-name"         // named "." or ".."
	AnomalyBadChar        AnomalyKind = "bad-char"         // name holds '/' or NUL
	AnomalyBackslash      AnomalyKind = "backslash"        // name holds '\'
	AnomalyBadUTF16       AnomalyKind = "bad-utf16"        // unpaired surrogate in a name
	AnomalyDuplicate      AnomalyKind = "duplicate"        // same name as an earlier sibling
	AnomalyCycle          AnomalyKind = "cycle"            // children list already read elsewhere
	AnomalyFileChildren   AnomalyKind = "file-children"    // a non-directory with children
	AnomalyRootNamed      AnomalyKind = "root-named"       // the root entry carries a name
	AnomalyMissingBlob    AnomalyKind = "missing-blob"     // a stream whose blob the archive lacks
	AnomalyBadSecurityID  AnomalyKind = "bad-security-id"  // index past the security table
	AnomalyDirHardLink    AnomalyKind = "dir-hard-link"    // a directory shares a link group
	AnomalyLinkMismatch   AnomalyKind = "link-mismatch"    // a link group whose members differ in content
	AnomalyBadStreamEntry AnomalyKind = "bad-stream-entry" // stream entries cut short
)

// Fault says whether an entry of this kind makes verify fail: none is
// what a writer makes, and wimlib drops, ignores or refuses each of them,
// or the file's data is not all there. A name holding '\' or an unpaired
// surrogate is not one: NTFS allows both, and wimlib captures and verifies
// such names as they are.
func (k AnomalyKind) Fault() bool { return k != AnomalyBackslash && k != AnomalyBadUTF16 }

// Describe says in words what is wrong with an entry of this kind.
func (k AnomalyKind) Describe() string {
	switch k {
	case AnomalyUnnamed:
		return "entries without a name, which wimlib ignores"
	case AnomalyDotName:
		return `entries named "." or "..", which wimlib ignores: extracted by other tools, they could write outside the target folder`
	case AnomalyBadChar:
		return "names holding '/' or a NUL character"
	case AnomalyBackslash:
		return `names holding '\', which Windows reads as a folder separator`
	case AnomalyBadUTF16:
		return "names holding an unpaired UTF-16 surrogate"
	case AnomalyDuplicate:
		return "entries named as another entry of their folder, which wimlib ignores"
	case AnomalyCycle:
		return "folders whose contents were already read for another folder: a cycle or shared list in the tree, which wimlib refuses"
	case AnomalyFileChildren:
		return "files (not folders) that list contents, which wimlib ignores"
	case AnomalyRootNamed:
		return "a root folder with a name"
	case AnomalyMissingBlob:
		return "streams whose data the archive lacks"
	case AnomalyBadSecurityID:
		return "security IDs past the image's security table"
	case AnomalyDirHardLink:
		return "folders in hard-link groups, which wimlib does not link"
	case AnomalyLinkMismatch:
		return "hard-link groups whose members have different contents"
	case AnomalyBadStreamEntry:
		return "stream entries cut short"
	}
	return string(k)
}

// Anomaly is something wrong with one entry of an image: the entry is kept
// and shown, flagged, rather than failing the whole image.
type Anomaly struct {
	Path   string
	Kind   AnomalyKind
	Detail string
}

func (a Anomaly) String() string { return fmt.Sprintf("%s: %s: %s", a.Path, a.Kind, a.Detail) }
