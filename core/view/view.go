// Package view turns an archive and its files into plain, JSON-ready
// descriptions: what the CLI prints with --json and what the web worker
// sends to the page. One place decides how a WIM is shown, so both faces
// agree.
package view

// The page's types are generated from the shapes here.
//go:generate go run ../../internal/tsgen -o ../../web/src/protocol.gen.ts

import "time"

// TimeText is how every shape gives a time: RFC 3339 in UTC, "" for none.
func TimeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
