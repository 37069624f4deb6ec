// Package wimlibref reads what wimlib-imagex prints, so tests can compare
// wimlens with the reference implementation: golden files captured with the
// test vectors, or wimlib-imagex run live when it is installed.
package wimlibref

import (
	"bufio"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
)

// Entry is one file of `wimlib-imagex dir --detailed`.
type Entry struct {
	Path               string
	ShortName          string
	Attributes         uint32
	SecurityDescriptor string // hex, "" when none
	Creation           string // as printed: "Mon Nov 23 09:08:03 2026 UTC"
	LastWrite          string
	LastAccess         string
	ReparseTag         uint32
	LinkGroupID        uint64
	LinkCount          int
	UnixData           string // "uid:0 gid:0 mode:0100644 rdev:0x0" or ""
	ObjectID           string
	Streams            []Stream
}

// Stream is one stream block of an entry.
type Stream struct {
	Kind   string // "Unnamed data stream", "Reparse point stream", "Raw encrypted data stream", or "Named data stream"
	Name   string // for named streams
	Hash   string // 40 hex digits
	Size   int64
	Solid  bool
	Offset int64 // offset in WIM, or in the solid resource
	Part   int
	Refs   int
}

func field(line string) (key, val string, ok bool) {
	k, v, ok := strings.Cut(line, "=")
	if !ok {
		return "", "", false
	}
	return strings.TrimSpace(k), strings.TrimSpace(v), true
}

func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

// ParseDir parses `wimlib-imagex dir WIM IMAGE --detailed` output.
func ParseDir(r io.Reader) ([]Entry, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out []Entry
	var e *Entry
	var s *Stream
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "-----"):
			out = append(out, Entry{})
			e, s = &out[len(out)-1], nil
			continue
		case e == nil || strings.TrimSpace(line) == "" || strings.HasPrefix(line, "    FILE_ATTRIBUTE_"):
			continue
		case strings.HasPrefix(line, "\t"):
			t := strings.TrimSuffix(strings.TrimSpace(line), ":")
			st := Stream{Kind: t}
			if strings.HasPrefix(t, "Named data stream ") {
				st.Kind, st.Name = "Named data stream", unquote(strings.TrimPrefix(t, "Named data stream "))
			}
			e.Streams = append(e.Streams, st)
			s = &e.Streams[len(e.Streams)-1]
			continue
		}
		k, v, ok := field(line)
		if !ok {
			return nil, fmt.Errorf("line %d: %q", n, line)
		}
		num := func() uint64 {
			v, _ := strconv.ParseUint(strings.Fields(v + " 0")[0], 0, 64)
			return v
		}
		if s != nil {
			switch k {
			case "Hash":
				s.Hash = strings.TrimPrefix(v, "0x")
			case "Uncompressed size":
				s.Size = int64(num())
			case "Offset in WIM", "Solid offset":
				s.Offset = int64(num())
			case "Solid resource":
				s.Solid = true
			case "Part Number":
				s.Part = int(num())
			case "Reference Count":
				s.Refs = int(num())
			}
			continue
		}
		switch k {
		case "Full Path":
			e.Path = unquote(v)
		case "Short Name":
			e.ShortName = unquote(v)
		case "Attributes":
			e.Attributes = uint32(num())
		case "Security Descriptor":
			e.SecurityDescriptor = v
		case "Creation Time":
			e.Creation = v
		case "Last Write Time":
			e.LastWrite = v
		case "Last Access Time":
			e.LastAccess = v
		case "Reparse Tag":
			e.ReparseTag = uint32(num())
		case "Link Group ID":
			e.LinkGroupID = num()
		case "Link Count":
			e.LinkCount = int(num())
		case "UNIX Data":
			e.UnixData = v
		case "Object ID":
			e.ObjectID = v
		}
	}
	return out, sc.Err()
}

// Available reports whether wimlib-imagex is on the PATH.
func Available() bool {
	_, err := exec.LookPath("wimlib-imagex")
	return err == nil
}

// Run runs wimlib-imagex with args and returns its standard output.
func Run(args ...string) ([]byte, error) {
	cmd := exec.Command("wimlib-imagex", args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("wimlib-imagex %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return out, nil
}

func bytesReader(b []byte) io.Reader { return strings.NewReader(string(b)) }
