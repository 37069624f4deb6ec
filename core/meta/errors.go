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
	AnomalyBadChar        AnomalyKind = "bad-char"         // name holds '/', '\' or NUL
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

// Anomaly is something wrong with one entry of an image: the entry is kept
// and shown, flagged, rather than failing the whole image.
type Anomaly struct {
	Path   string
	Kind   AnomalyKind
	Detail string
}

func (a Anomaly) String() string { return fmt.Sprintf("%s: %s: %s", a.Path, a.Kind, a.Detail) }
