package meta

import "fmt"

// Error is a metadata resource that cannot be parsed at all. Problems
// confined to some entries do not fail the parse: they become Anomalies.
type Error struct {
	Offset int64  // byte offset in the uncompressed metadata resource
	Path   string // the directory being read, when known
	What   string
	Reason string
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s at metadata offset %d: %s", e.What, e.Offset, e.Reason)
	if e.Path != "" {
		s += " (in " + e.Path + ")"
	}
	return s
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
