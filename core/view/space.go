package view

// Space is the Space tab's answer: a folder of an image as a bounded tree
// of what takes room in it, the image's top folders' dedup savings, and
// the archive's compression (core/space makes it from metadata alone).
type Space struct {
	Image int `json:"image"`
	// Stored: the tree was cut by stored bytes, not uncompressed ones.
	Stored bool   `json:"stored"`
	Path   string `json:"path"`
	// Crumbs are the folders from the root down to this one, inclusive.
	Crumbs  []SpaceCrumb `json:"crumbs"`
	Root    SpaceNode    `json:"root"`
	Top     []SpaceNode  `json:"top"`   // the image's top folders and files, no kids
	Whole   SpaceNode    `json:"whole"` // the image's totals, no kids
	Archive SpaceArchive `json:"archive"`
}

// SpaceCrumb is a folder on the way to the one shown.
type SpaceCrumb struct {
	Dir  int    `json:"dir"`
	Name string `json:"name"`
}

// SpaceNode is a file, a folder or "the other items" of a folder. Bytes
// of a blob used by several paths are split evenly among them, so a
// folder's numbers add up to its parent's.
type SpaceNode struct {
	Name string `json:"name"`
	// Dir is the folder's number, to ask for it (zoom); 0 for files,
	// for "other", and for the root.
	Dir    int  `json:"dir,omitempty"`
	Folder bool `json:"folder,omitempty"`
	// Other is how many items an "other" node stands for; 0 otherwise.
	Other  int   `json:"other,omitempty"`
	Size   int64 `json:"size"`   // every path's streams, as extracting writes them
	Unique int64 `json:"unique"` // each blob's bytes once
	Stored int64 `json:"stored"` // each blob's share of the file's bytes
	Files  int   `json:"files,omitempty"`
	// Kids are the largest items inside, then "other"; none past the
	// depth asked for.
	Kids []SpaceNode `json:"kids,omitempty"`
}

// SpaceArchive is the whole archive's file blobs (no metadata): their
// uncompressed bytes, each once, and the bytes they take in the file.
type SpaceArchive struct {
	Blobs  int   `json:"blobs"`
	Bytes  int64 `json:"bytes"`
	Stored int64 `json:"stored"`
}
