package cbs

import "fmt"

// State is a package's CurrentState (or ApplicableState) value under
// SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based
// Servicing\Packages\<name>. The chart is Microsoft's "CBS Servicing
// States Chart" (TechNet "Tip of the Day", 2015-10-12,
// learn.microsoft.com/archive/blogs/tip_of_the_day/tip-of-the-day-cbs-servicing-states-chart-refresher);
// its "but broken" states are negative numbers, which the registry's
// DWORD holds as 0xFFFFFFxx.
type State uint32

const (
	Absent             State = 0x00
	UninstallPending   State = 0x05
	Resolving          State = 0x10
	Resolved           State = 0x20
	Staging            State = 0x30
	Staged             State = 0x40
	Superseded         State = 0x50
	InstallPending     State = 0x60
	PartiallyInstalled State = 0x65
	Installed          State = 0x70
	Permanent          State = 0x80

	PermanentBroken State = 0xFFFFFF80 // -128
	InstalledBroken State = 0xFFFFFF90 // -112
	StagedBroken    State = 0xFFFFFFC0 // -64
	ResolvedBroken  State = 0xFFFFFFE0 // -32
)

var stateNames = map[State]string{
	Absent:             "absent",
	UninstallPending:   "uninstall pending",
	Resolving:          "resolving",
	Resolved:           "resolved",
	Staging:            "staging",
	Staged:             "staged",
	Superseded:         "superseded",
	InstallPending:     "install pending",
	PartiallyInstalled: "partially installed",
	Installed:          "installed",
	Permanent:          "permanent",
	PermanentBroken:    "permanent, but broken",
	InstalledBroken:    "installed, but broken",
	StagedBroken:       "staged, but broken",
	ResolvedBroken:     "resolved, but broken",
}

// String names the state as the chart does; a value the chart does not
// have is "unknown state 0x..".
func (s State) String() string {
	if n, ok := stateNames[s]; ok {
		return n
	}
	return fmt.Sprintf("unknown state %#x", uint32(s))
}
