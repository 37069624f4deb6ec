package view

// RegKey is a registry key of an image's hive (`wimlens reg --json`, the
// page's registry view): core/registry reads it. Names, strings and
// class come from the hive as they are: hostile text.
type RegKey struct {
	Path        string `json:"path"` // the hive's name, then the key's names: `HKLM\SYSTEM\ControlSet001\Services`
	File        string `json:"file"` // the hive file's path in the image: `Windows\System32\config\SYSTEM`
	LastWritten string `json:"lastWritten"`
	Class       string `json:"class,omitempty"`
	// Subkeys in the order of the key's list (Windows keeps it sorted by
	// uppercased name); left out (empty) when not asked for.
	Subkeys []RegSubkey `json:"subkeys"`
	Values  []RegValue  `json:"values"`
	// Error is what could not be read of the key: its class, some subkeys
	// or values (those that could be read are listed still).
	Error *ErrorInfo `json:"error,omitempty"`
}

// RegSubkey is a subkey as a list shows it, with the counts its cell
// claims.
type RegSubkey struct {
	Name        string `json:"name"`
	Subkeys     int64  `json:"subkeys"`
	Values      int64  `json:"values"`
	LastWritten string `json:"lastWritten"`
}

// RegValue is a value and its data, decoded by its type: text for
// REG_SZ, REG_EXPAND_SZ and REG_LINK, a list for REG_MULTI_SZ, a number
// (decimal and hex, as text: a QWORD does not fit a JavaScript number)
// for REG_DWORD, REG_DWORD_BIG_ENDIAN and REG_QWORD, and hex for the
// rest, its first RegShownBytes only.
type RegValue struct {
	Name    string   `json:"name"` // "" for the key's default value
	Type    string   `json:"type"` // REG_SZ, ..., or "type 0x1f" for one Windows does not define
	Size    int64    `json:"size"` // of the data, as the value claims
	Text    *string  `json:"text,omitempty"`
	Strings []string `json:"strings,omitempty"`
	Decimal string   `json:"decimal,omitempty"`
	Hex     string   `json:"hex,omitempty"` // "0x00000004" for a number; the bytes, in pairs of digits, for binary data
	// Cut is true when Hex shows only the first RegShownBytes of the data.
	Cut   bool       `json:"cut,omitempty"`
	Error *ErrorInfo `json:"error,omitempty"` // the data cannot be read or decoded
}

// RegShownBytes is how much of binary data a RegValue shows.
const RegShownBytes = 1024

// RegHive is a hive file opened as a registry (the page's "Open as
// registry").
type RegHive struct {
	ID          int    `json:"id"` // names the hive in the requests that follow
	Name        string `json:"name"`
	File        string `json:"file"`
	Size        int64  `json:"size"`
	LastWritten string `json:"lastWritten"`
	// Root is the root key's row in the tree (its id is the key's).
	Root Entry `json:"root"`
	// Warnings: damage Windows reads past (checksum, not cleanly written).
	Warnings []ErrorInfo `json:"warnings"`
}

// RegSearch is what a search over a hive's key and value names found.
type RegSearch struct {
	Query string     `json:"query"`
	Hits  []RegHit   `json:"hits"`
	Keys  int        `json:"keys"` // keys looked at
	More  bool       `json:"more"` // stopped at the limit of hits: there may be more
	Error *ErrorInfo `json:"error,omitempty"`
}

// RegHit is a key whose name matched, or a value of it whose name did.
type RegHit struct {
	Path    string `json:"path"` // the key's path below the hive's root, `\`-separated; "" for the root
	Value   string `json:"value,omitempty"`
	IsValue bool   `json:"isValue,omitempty"`
}

// RegWalk is a key and every key below it (`wimlens reg --recursive
// --json`), parents before their subkeys, each key once.
type RegWalk struct {
	Keys []RegKey `json:"keys"`
	// Errors are the subkeys that could not be entered: unreadable, listed
	// twice or in a cycle, nested deeper than Windows allows; each message
	// names the key that lists them.
	Errors []ErrorInfo `json:"errors"`
}

// RegList is a page of a key's subkeys as rows of the page's registry
// tree: each an Entry, a folder when it claims subkeys (Children).
type RegList struct {
	Entries []Entry `json:"entries"`
	Total   int     `json:"total"` // subkeys the key's list holds, every page
	// Error is what could not be read of the key's list; the subkeys
	// that could be are listed.
	Error *ErrorInfo `json:"error,omitempty"`
}
