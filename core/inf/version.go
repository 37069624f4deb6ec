package inf

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Version is what an INF file's [Version] section says of the driver
// package, strings substituted.
type Version struct {
	Signature   string // "$Windows NT$", "$Chicago$"
	Class       string
	ClassGUID   string
	Provider    string
	CatalogFile string // CatalogFile, or when absent the first decorated one (CatalogFile.NTamd64, ...)
	DriverVer   DriverVer
}

// DriverVer is the DriverVer directive: "mm/dd/yyyy[,w.x.y.z]".
type DriverVer struct {
	Raw     string // the directive's fields as written, strings substituted, joined by ","; "" when absent
	Date    time.Time
	Version string // "w.x.y.z" as written; "" when the directive gives none
	Err     error  // what is wrong with Raw (an *inputerr.Error of kind ErrSyntax); nil when it is well-formed or absent
}

// Version reads the [Version] section; false when the file has none,
// which SetupAPI refuses as not an INF file of Windows 2000's style.
func (f *File) Version() (Version, bool) {
	s := f.Section("Version")
	if s == nil {
		return Version{}, false
	}
	get := func(e *Entry) string {
		if e == nil || len(e.Values) == 0 {
			return ""
		}
		return f.Expand(e.Values[0])
	}
	v := Version{
		Signature: get(s.Get("Signature")),
		Class:     get(s.Get("Class")),
		ClassGUID: get(s.Get("ClassGuid")),
		Provider:  get(s.Get("Provider")),
	}
	if v.CatalogFile = get(s.Get("CatalogFile")); v.CatalogFile == "" {
		for i := range s.Entries {
			if e := &s.Entries[i]; e.HasKey && len(e.Key) > len("CatalogFile.") && strings.EqualFold(e.Key[:len("CatalogFile.")], "CatalogFile.") {
				v.CatalogFile = get(e)
				break
			}
		}
	}
	if e := s.Get("DriverVer"); e != nil {
		v.DriverVer = f.driverVer(e)
	}
	return v, true
}

func (f *File) driverVer(e *Entry) DriverVer {
	fields := make([]string, len(e.Values))
	for i, v := range e.Values {
		fields[i] = f.Expand(v)
	}
	d := DriverVer{Raw: strings.Join(fields, ",")}
	bad := func(format string, args ...any) DriverVer {
		d.Err = fault(ErrSyntax, e.Line, `DriverVer "`+d.Raw+`"`, fmt.Sprintf(format, args...), nil)
		return d
	}
	if len(fields) > 2 {
		return bad("more than a date and a version")
	}
	date, err := parseDate(fields[0])
	if err != "" {
		return bad("%s", err)
	}
	if len(fields) == 2 && fields[1] != "" {
		if err := checkVersion(fields[1]); err != "" {
			return bad("%s", err)
		}
		d.Version = fields[1]
	}
	d.Date = date
	return d
}

// parseDate reads mm/dd/yyyy (one-digit months and days too).
func parseDate(s string) (time.Time, string) {
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return time.Time{}, "the date is not written mm/dd/yyyy"
	}
	var n [3]int
	for i, p := range parts {
		if p == "" || len(p) > 4 || strings.Trim(p, "0123456789") != "" {
			return time.Time{}, "the date is not written mm/dd/yyyy"
		}
		n[i], _ = strconv.Atoi(p)
	}
	m, d, y := n[0], n[1], n[2]
	if len(parts[2]) != 4 {
		return time.Time{}, "the year is not written with four digits"
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || t.Day() != d {
		return time.Time{}, fmt.Sprintf("there is no day %d in month %d of %d", d, m, y)
	}
	return t, ""
}

// checkVersion accepts one to four numbers from 0 to 65535 joined by dots.
func checkVersion(s string) string {
	parts := strings.Split(s, ".")
	if len(parts) > 4 {
		return "the version has more than four parts"
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return "the version is not numbers joined by dots"
		}
		if n, err := strconv.ParseUint(p, 10, 16); err != nil || n > 65535 {
			return "a part of the version is more than 65535"
		}
	}
	return ""
}
