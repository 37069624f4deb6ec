package view

// WinDiff is what changed in Windows between two images (`wimlens diff
// --windows --json`, the Compare tab's Windows view): core/windiff reads
// both images' Windows reports and sets them side by side, section by
// section. Only what changed is listed: an unchanged item never is.
type WinDiff struct {
	Old WinDiffSide `json:"old"`
	New WinDiffSide `json:"new"`
	// Version lists the CurrentVersion values that differ (UBR,
	// DisplayVersion, EditionID, ...), and "Build" when build.UBR moved.
	Version  []WinValueChange   `json:"version"`
	Packages []WinPackageChange `json:"packages"`
	Drivers  []WinDriverChange  `json:"drivers"`
	Services []WinServiceChange `json:"services"`
	Apps     []WinAppChange     `json:"apps"`
	Boot     []WinBootChange    `json:"boot"`
	// WinRE lists "Build" (CurrentBuild.UBR of Winre.wim) and "Present"
	// when they changed.
	WinRE    []WinValueChange `json:"winre"`
	Files    WinFileVersions  `json:"files"`
	Registry []WinHiveDiff    `json:"registry"`
	// Problems are the sections of either report that could not be read:
	// what they list is then partial.
	Problems []WinDiffProblem `json:"problems"`
}

// WinDiffSide names one image of the comparison and its build.
type WinDiffSide struct {
	Image int    `json:"image"`
	Build string `json:"build"` // CurrentBuild.UBR, "" when unknown
}

// WinChangeKind is what happened to an item.
type WinChangeKind string

// Kinds of Windows changes.
const (
	WinAdded   WinChangeKind = "added"
	WinRemoved WinChangeKind = "removed"
	WinChanged WinChangeKind = "changed"
)

// WinValueChange is one named value, old → new; "" on a side that lacks it.
type WinValueChange struct {
	Name string `json:"name"`
	Old  string `json:"old"`
	New  string `json:"new"`
}

// WinPackageChange is a servicing package added, removed, or whose state
// changed (staged → installed). Names carry the version, so a new
// month's update is a package added and the last one's removed.
type WinPackageChange struct {
	Kind        WinChangeKind `json:"kind"`
	Name        string        `json:"name"`
	KB          string        `json:"kb,omitempty"`
	ReleaseType string        `json:"releaseType,omitempty"`
	OldState    string        `json:"oldState,omitempty"` // "" when added, or not in the registry
	NewState    string        `json:"newState,omitempty"`
}

// WinDriverChange is a driver package (INF file) added, removed, or whose
// DriverVer or provider changed. INFs pair by path, and those of the
// driver store by folder name without its hash ("nwext.inf_amd64"), which
// changes with every version.
type WinDriverChange struct {
	Kind       WinChangeKind `json:"kind"`
	Path       string        `json:"path"`              // the new INF's; the old one's when removed
	OldPath    string        `json:"oldPath,omitempty"` // when it moved (a store folder's hash)
	Class      string        `json:"class,omitempty"`
	Provider   string        `json:"provider,omitempty"`
	OldVersion string        `json:"oldVersion,omitempty"`
	NewVersion string        `json:"newVersion,omitempty"`
	OldDate    string        `json:"oldDate,omitempty"`
	NewDate    string        `json:"newDate,omitempty"`
}

// WinServiceChange is a service or driver key added, removed, or whose
// start, image path or type changed.
type WinServiceChange struct {
	Kind         WinChangeKind `json:"kind"`
	Name         string        `json:"name"`
	OldStart     string        `json:"oldStart,omitempty"`
	NewStart     string        `json:"newStart,omitempty"`
	OldImagePath string        `json:"oldImagePath,omitempty"`
	NewImagePath string        `json:"newImagePath,omitempty"`
	OldType      string        `json:"oldType,omitempty"`
	NewType      string        `json:"newType,omitempty"`
}

// WinAppChange is a provisioned app added, removed, or at another
// version. Apps pair by name and architecture.
type WinAppChange struct {
	Kind         WinChangeKind `json:"kind"`
	Name         string        `json:"name"`
	Architecture string        `json:"architecture,omitempty"`
	OldVersion   string        `json:"oldVersion,omitempty"`
	NewVersion   string        `json:"newVersion,omitempty"`
	OldFullName  string        `json:"oldFullName,omitempty"`
	NewFullName  string        `json:"newFullName,omitempty"`
}

// WinBootChange is a boot file whose presence, version or signers
// changed, with both sides as the reports read them.
type WinBootChange struct {
	Path string    `json:"path"`
	Old  WinPEFile `json:"old"`
	New  WinPEFile `json:"new"`
}

// WinFileVersions are the PE files among the file comparison's modified
// ones whose FileVersion changed. Only the version resource is read, of
// files whose data starts with "MZ"; at most Limit modified files are
// looked at (PE names first: .dll, .exe, .sys, ...), and Omitted counts
// those that were not.
type WinFileVersions struct {
	Changes []WinFileVersion `json:"changes"`
	Checked int              `json:"checked"`
	Limit   int              `json:"limit"`
	Omitted int              `json:"omitted"`
}

// WinFileVersion is one PE file's FileVersion, old → new.
type WinFileVersion struct {
	Path string `json:"path"` // as the image holds it, "/"-rooted
	Old  string `json:"old"`
	New  string `json:"new"`
}

// WinHiveDiff is one registry hive compared key by key.
type WinHiveDiff struct {
	Hive string `json:"hive"` // "SOFTWARE", "SYSTEM"
	File string `json:"file"` // its path in the new image (the old one's when only it has one)
	// Identical: the two files are the same bytes (same SHA-1), so
	// neither was read.
	Identical bool           `json:"identical"`
	Changes   []WinRegChange `json:"changes"`
	// Total counts every change found; at most Limit are listed.
	Total int `json:"total"`
	Limit int `json:"limit"`
	// Keys counts the keys compared (present in both).
	Keys int `json:"keys"`
	// Error says why the hives could not be compared, or where the
	// comparison stopped; Problems are keys whose lists could not be read
	// (the first few), where what is listed is partial.
	Error    *ErrorInfo  `json:"error,omitempty"`
	Problems []ErrorInfo `json:"problems"`
}

// WinRegChangeKind is what happened to a key or a value.
type WinRegChangeKind string

// Kinds of registry changes.
const (
	RegKeyAdded     WinRegChangeKind = "key-added"
	RegKeyRemoved   WinRegChangeKind = "key-removed"
	RegValueAdded   WinRegChangeKind = "value-added"
	RegValueRemoved WinRegChangeKind = "value-removed"
	RegValueChanged WinRegChangeKind = "value-changed"
)

// WinRegChange is one key added or removed (listed once, not with what is
// below it: Subkeys and Values count its direct ones), or one value added,
// removed or changed, with its type and data as text (numbers as
// "0x00000010 (16)", binary data in hex; long data cut, saying how long it is).
type WinRegChange struct {
	Kind    WinRegChangeKind `json:"kind"`
	Key     string           `json:"key"`             // its path, the hive's name first
	Value   string           `json:"value,omitempty"` // "" for a key, or the default value
	Default bool             `json:"default,omitempty"`
	OldType string           `json:"oldType,omitempty"`
	NewType string           `json:"newType,omitempty"`
	Old     string           `json:"old,omitempty"`
	New     string           `json:"new,omitempty"`
	Subkeys int              `json:"subkeys,omitempty"`
	Values  int              `json:"values,omitempty"`
}

// WinDiffProblem is a section of one side's report that could not be read.
type WinDiffProblem struct {
	Side    string    `json:"side"`    // "old" or "new"
	Section string    `json:"section"` // "version", "packages", ...
	Error   ErrorInfo `json:"error"`
}
