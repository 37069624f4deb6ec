package view

// WindowsReport is what an image's own files say of the Windows in it
// (`wimlens windows --json`, the page's Windows tab): core/windows reads
// them. Each section stands alone: one that cannot be read has its Error,
// and the others are still there. Every value names where it was read
// (Source), so a person can check it.
type WindowsReport struct {
	Image        int             `json:"image"`
	Version      WinVersion      `json:"version"`
	Languages    WinLanguages    `json:"languages"`
	Architecture WinArchitecture `json:"architecture"`
	Packages     WinPackages     `json:"packages"`
	Drivers      WinDrivers      `json:"drivers"`
	Services     WinServices     `json:"services"`
	Apps         WinApps         `json:"apps"`
	Boot         WinBoot         `json:"boot"`
	WinRE        WinRE           `json:"winre"`
	// Disagreements are the fields where the WIM's XML (written at
	// capture, often stale) says other than the image's files.
	Disagreements []WinDisagreement `json:"disagreements"`
	Read          WinRead           `json:"read"`
}

// WinSource says where a value was read: a file of the image (its path
// as the image holds it) and, in a registry hive, the key and the value.
type WinSource struct {
	File  string `json:"file"`
	Key   string `json:"key,omitempty"`
	Value string `json:"value,omitempty"`
}

// WinField is one value read from the image, as text ("22631",
// "Professional"), with its source.
type WinField struct {
	Name   string    `json:"name"` // the registry value's name: ProductName, UBR, ...
	Value  string    `json:"value"`
	Source WinSource `json:"source"`
}

// WinVersion is SOFTWARE\Microsoft\Windows NT\CurrentVersion.
type WinVersion struct {
	// Fields in a fixed order (ProductName, EditionID, InstallationType,
	// CurrentBuild, UBR, DisplayVersion, CurrentMajorVersionNumber,
	// CurrentMinorVersionNumber, BuildLabEx, ...); those the key lacks
	// are left out.
	Fields []WinField `json:"fields"`
	// Build is "CurrentBuild.UBR" ("22631.2861"), or CurrentBuild alone
	// without a UBR; "" when unknown.
	Build string     `json:"build"`
	Error *ErrorInfo `json:"error,omitempty"`
}

// WinLanguages are the SYSTEM hive's UI languages
// (Control\MUI\UILanguages of the current control set) and its
// Control\Nls\Language values.
type WinLanguages struct {
	Installed []string   `json:"installed"` // language names: "en-US"
	Default   string     `json:"default"`   // the name InstallLanguage's LANGID stands for; "" when none matches
	Fields    []WinField `json:"fields"`    // Nls\Language's InstallLanguage and Default (LANGIDs in hex)
	Source    WinSource  `json:"source"`    // the UILanguages key
	Error     *ErrorInfo `json:"error,omitempty"`
}

// WinArchitecture is the machine the image's kernel is built for.
type WinArchitecture struct {
	Arch  string      `json:"arch"` // "x64", "x86", "ARM64"; "" when no file says
	Files []WinPEFile `json:"files"`
	Error *ErrorInfo  `json:"error,omitempty"`
}

// WinPEFile is what a PE file of the image says of itself.
type WinPEFile struct {
	Path           string      `json:"path"` // as looked for, or as found
	Present        bool        `json:"present"`
	Machine        string      `json:"machine,omitempty"`
	FileVersion    string      `json:"fileVersion,omitempty"`    // VS_FIXEDFILEINFO, "10.0.22621.2861"
	ProductVersion string      `json:"productVersion,omitempty"` // VS_FIXEDFILEINFO
	Signers        []WinSigner `json:"signers,omitempty"`        // its Authenticode signatures (boot files)
	Error          *ErrorInfo  `json:"error,omitempty"`
}

// WinSigner is one Authenticode signature's names, as claimed: nothing is
// verified.
type WinSigner struct {
	Signer string `json:"signer"` // the signing certificate's common name
	Issuer string `json:"issuer"` // its issuer's common name
	Digest string `json:"digest"` // "SHA-256"
	Nested bool   `json:"nested"` // a signature nested in another (dual signing)
}

// WinPackages are the servicing packages: the registry's Component Based
// Servicing\Packages keys joined by name with Windows\servicing\Packages\*.mum.
type WinPackages struct {
	Packages []WinPackage `json:"packages"`
	Source   WinSource    `json:"source"` // the Packages key
	// Manifests counts the .mum files found; at most ManifestLimit are
	// read, and Omitted says how many were not.
	Manifests     int        `json:"manifests"`
	ManifestLimit int        `json:"manifestLimit"`
	Omitted       int        `json:"omitted"`
	Error         *ErrorInfo `json:"error,omitempty"` // the registry's
}

// WinPackage is one servicing package.
type WinPackage struct {
	Name        string `json:"name"`            // Package_for_KB5031455~31bf3856ad364e35~amd64~~22621.2506.1.7
	State       string `json:"state,omitempty"` // CurrentState in words (core/cbs): "installed", "staged"; "" when not in the registry
	StateCode   uint32 `json:"stateCode"`
	InRegistry  bool   `json:"inRegistry"`
	KB          string `json:"kb,omitempty"` // "5031455", from the manifest
	ReleaseType string `json:"releaseType,omitempty"`
	Description string `json:"description,omitempty"`
	Manifest    string `json:"manifest,omitempty"` // the .mum's path, when there is one
	Error       string `json:"error,omitempty"`    // why the manifest could not be read
}

// WinDrivers are the driver packages' INF files: Windows\INF\oem*.inf
// (third-party, what DISM /Get-Drivers lists) and the driver store's.
type WinDrivers struct {
	Drivers []WinDriver `json:"drivers"`
	// Found counts the INF files found; at most Limit are read, and
	// Omitted says how many were not.
	Found   int        `json:"found"`
	Limit   int        `json:"limit"`
	Omitted int        `json:"omitted"`
	Error   *ErrorInfo `json:"error,omitempty"`
}

// WinDriver is an INF file's [Version].
type WinDriver struct {
	Path     string `json:"path"`
	Store    bool   `json:"store"` // in DriverStore\FileRepository; else Windows\INF
	Class    string `json:"class,omitempty"`
	Provider string `json:"provider,omitempty"` // %strings% resolved
	Version  string `json:"version,omitempty"`  // DriverVer's version
	Date     string `json:"date,omitempty"`     // DriverVer's date, yyyy-mm-dd
	Catalog  string `json:"catalog,omitempty"`
	Error    string `json:"error,omitempty"`
}

// WinServices are the drivers and services the SYSTEM hive registers
// under the control set Select\Current names.
type WinServices struct {
	ControlSet string       `json:"controlSet"` // "ControlSet001"
	Services   []WinService `json:"services"`
	Source     WinSource    `json:"source"` // the Services key
	Error      *ErrorInfo   `json:"error,omitempty"`
}

// WinService is one key under Services.
type WinService struct {
	Name      string `json:"name"`
	Type      string `json:"type,omitempty"` // in words: "kernel driver", "own process", ...
	TypeCode  uint32 `json:"typeCode"`
	Start     string `json:"start,omitempty"` // in words: "boot", "system", "automatic", "manual", "disabled"
	StartCode uint32 `json:"startCode"`
	HasStart  bool   `json:"hasStart"`
	ImagePath string `json:"imagePath,omitempty"`
	Group     string `json:"group,omitempty"`
	Display   string `json:"display,omitempty"` // DisplayName, as stored (often an @resource reference)
}

// WinApps are the provisioned apps: the SOFTWARE hive's
// Appx\AppxAllUserStore\Applications keys joined by full name with
// ProgramData\Microsoft\Windows\AppxProvisioning.xml.
type WinApps struct {
	Apps              []WinApp   `json:"apps"`
	Source            WinSource  `json:"source"`                      // the Applications key
	ProvisioningFile  string     `json:"provisioningFile"`            // "" when the image has none
	Error             *ErrorInfo `json:"error,omitempty"`             // the registry's
	ProvisioningError *ErrorInfo `json:"provisioningError,omitempty"` // the XML file's
}

// WinApp is one package full name and its parts.
type WinApp struct {
	FullName     string `json:"fullName"`
	Name         string `json:"name,omitempty"`
	Version      string `json:"version,omitempty"`
	Architecture string `json:"architecture,omitempty"`
	PublisherID  string `json:"publisherId,omitempty"`
	Registered   bool   `json:"registered"`      // under AppxAllUserStore\Applications
	Provisioned  bool   `json:"provisioned"`     // in AppxProvisioning.xml
	Error        string `json:"error,omitempty"` // why the full name is not one
}

// WinBoot are the boot files Secure Boot updates replace.
type WinBoot struct {
	Files []WinPEFile `json:"files"`
}

// WinRE is the recovery image, a WIM inside the image, opened in place.
type WinRE struct {
	Path    string     `json:"path"`
	Present bool       `json:"present"`
	Size    int64      `json:"size"`
	Image   int        `json:"image"` // the image of Winre.wim read (its first)
	Build   string     `json:"build"` // its CurrentBuild.UBR
	Fields  []WinField `json:"fields"`
	Error   *ErrorInfo `json:"error,omitempty"`
}

// WinDisagreement is one field where the WIM's XML and the image differ.
type WinDisagreement struct {
	Field  string    `json:"field"` // the XML element: "VERSION/SPBUILD", "EDITIONID", ...
	XML    string    `json:"xml"`   // what the XML says
	Image  string    `json:"image"` // what the image's files say
	Source WinSource `json:"source"`
}

// WinRead is how much the report read of the image's files.
type WinRead struct {
	Files int   `json:"files"`
	Bytes int64 `json:"bytes"` // of the files' data, uncompressed
}
