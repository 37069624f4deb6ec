// Package api is what the web worker does, written as plain Go so that it
// runs and is tested on the host: requests come in decoded, results go out
// as core/view's shapes, and progress and byte chunks go to an Out. The
// js/wasm glue (wasm/jsbridge) only moves messages and reads Files.
package api

import (
	"context"
	"fmt"
	"sync"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/view"
)

// Request is one message from the page. Which fields matter depends on Op;
// web/src/protocol.ts's Call says which, op by op (written by hand: the
// results' shapes are generated from core/view).
type Request struct {
	ID     int64              `json:"id"`
	Op     string             `json:"op"`
	Image  int                `json:"image,omitempty"`  // 1-based
	Node   int                `json:"node,omitempty"`   // a node id from an earlier list or search
	Stream string             `json:"stream,omitempty"` // a named data stream; "" for the file's contents
	Query  string             `json:"query,omitempty"`
	Fuzzy  bool               `json:"fuzzy,omitempty"`  // search: rank names by closeness
	Filter *view.SearchFilter `json:"filter,omitempty"` // search: what hits must be besides their names
	Limit  int                `json:"limit,omitempty"`
	Offset int64              `json:"offset,omitempty"`
	Length int64              `json:"length,omitempty"`
	Target int64              `json:"target,omitempty"` // the request a cancel is for
	Hive   int                `json:"hive,omitempty"`   // a registry hive regOpen opened
	Second bool               `json:"second,omitempty"` // about the file openSecond opened
	Level  int                `json:"level,omitempty"`  // showLevel, closeLevel: 0 is the file, 1 a WIM inside it...
	Other  *view.DiffOther    `json:"other,omitempty"`  // diff: the new side
	Times  bool               `json:"times,omitempty"`  // diff: timestamps count
	Dir    int                `json:"dir,omitempty"`    // space: a folder's number in its answers
	Stored bool               `json:"stored,omitempty"` // space: cut by stored bytes
	// rows: what to list (listing.go's scopes), in which order, and a
	// type-ahead prefix to find.
	Scope  string `json:"scope,omitempty"`
	Sort   string `json:"sort,omitempty"`
	Desc   bool   `json:"desc,omitempty"`
	Prefix string `json:"prefix,omitempty"`
	Find   int    `json:"find,omitempty"` // rows: a node id whose position to say
	// verify: the reports of every shard, from every engine, to join
	// (see shards.go); without them, this engine verifies alone.
	Reports *view.ShardReports `json:"reports,omitempty"`
	// verifyShards: the host's shard counter, and the files when this
	// is a helper engine, which opens its own copy (see shards.go).
	Claim func() int `json:"-"`
	Files []Part     `json:"-"`
}

// Out receives what a request produces besides its result.
type Out interface {
	// Progress reports done out of total units of work.
	Progress(done, total int64)
	// Chunk passes on bytes of a download or zip, in order. p may be
	// reused once Chunk returns.
	Chunk(p []byte)
}

// maxRead caps one read, which is for previews; downloads have no cap.
const maxRead = 64 << 20

// Server holds the open archive, a second one to compare it with, and the
// requests under way.
type Server struct {
	hasher  digest.Hasher
	mu      sync.Mutex
	sess    *session   // the archive requests address: levels' current one
	levels  []*session // the file opened, then each WIM opened inside the one before (nested.go)
	second  *session
	running map[int64]context.CancelFunc
}

// NewServer starts with nothing open. h is the host's SHA-1 (nil: Go's),
// which the archives it opens hash with.
func NewServer(h digest.Hasher) *Server {
	return &Server{hasher: h, running: map[int64]context.CancelFunc{}}
}

// Open replaces the open archive with the given files (a WIM, or the parts
// of a split WIM), cancelling whatever the previous one was doing and
// closing the second file, which was opened to compare with it.
func (s *Server) Open(files []Part) (*view.Opened, error) {
	s.mu.Lock()
	s.cancelAll()
	s.sess, s.second, s.levels = nil, nil, nil
	s.mu.Unlock()
	sess, opened, err := openSession(files, s.hasher)
	s.mu.Lock()
	s.sess, s.levels = sess, []*session{sess}
	s.mu.Unlock()
	return opened, err
}

// cancelAll cancels the requests under way; s.mu is held.
func (s *Server) cancelAll() {
	for id, cancel := range s.running {
		cancel()
		delete(s.running, id)
	}
}

// OpenSecond opens files as the second archive, which requests with Second
// set (and diff's Other) address, replacing the previous second one. The
// first archive and its requests carry on.
func (s *Server) OpenSecond(files []Part) (*view.Opened, error) {
	sess, opened, err := openSession(files, s.hasher)
	s.mu.Lock()
	s.second = sess
	s.mu.Unlock()
	return opened, err
}

// Preload reads the top of the image the page shows first — the boot
// image, else image 1 — so that the work overlaps the page drawing the
// header and asking for it. The outcome waits for the image request; the
// whole image is parsed when the page asks for it to settle, once it has
// drawn the first rows (or sooner, when a request needs it).
func (s *Server) Preload() {
	s.mu.Lock()
	sess := s.sess
	s.mu.Unlock()
	if sess == nil || sess.a == nil || sess.a.ImageCount() == 0 {
		return
	}
	i := int(sess.a.Header.BootIndex)
	if i < 1 || i > sess.a.ImageCount() {
		i = 1
	}
	sess.top(i)
}

// Stats is how much of the open files has been read.
func (s *Server) Stats() view.ReadStats {
	s.mu.Lock()
	sess := s.sess
	s.mu.Unlock()
	return sess.stats()
}

// Handle runs one request other than open. Cancel answers at once; any
// other request can be cancelled while it runs.
func (s *Server) Handle(req Request, out Out) (any, error) {
	if req.Op == "cancel" {
		s.mu.Lock()
		cancel, ok := s.running[req.Target]
		s.mu.Unlock()
		if ok {
			cancel()
		}
		return view.Cancelled{Cancelled: ok}, nil
	}
	if res, err, ok := s.handleLevels(req); ok {
		return res, err
	}
	s.mu.Lock()
	sess, second := s.sess, s.second
	if req.Second {
		sess = second
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.running[req.ID] = cancel
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.running, req.ID)
		s.mu.Unlock()
		cancel()
	}()
	if req.Op == "verifyShards" && len(req.Files) > 0 {
		helper, _, err := openSession(req.Files, s.hasher)
		if err != nil {
			return nil, err
		}
		sess = helper
	}
	if sess == nil || sess.a == nil {
		return nil, fmt.Errorf("no WIM file is open")
	}
	switch req.Op {
	case "image":
		return sess.openImage(req.Image)
	case "settled":
		return sess.settled(req.Image)
	case "list":
		return sess.list(req.Image, req.Node)
	case "rows":
		return sess.rows(ctx, req)
	case "stat":
		return sess.stat(req.Image, req.Node)
	case "links":
		return sess.links(req.Image, req.Node)
	case "pe":
		return sess.pe(req.Image, req.Node)
	case "space":
		return sess.spaceOf(req.Image, req.Dir, req.Stored)
	case "windowsSummary":
		return sess.windowsReport(req.Image, false)
	case "windows":
		return sess.windowsReport(req.Image, true)
	case "regOpen":
		return sess.regOpen(req.Image, req.Node)
	case "regList":
		return sess.regList(req.Hive, req.Node, req.Offset, req.Limit)
	case "regKey":
		return sess.regKey(req.Hive, req.Node)
	case "regSearch":
		return sess.regSearch(ctx, req.Hive, req.Query, req.Limit)
	case "search":
		q, err := searchQuery(req)
		if err != nil {
			return nil, err
		}
		return sess.search(ctx, req.Image, q, req.Limit)
	case "read":
		return sess.content(ctx, req.Image, req.Node, req.Stream, req.Offset, min(req.Length, maxRead), out)
	case "download":
		return sess.download(ctx, req.Image, req.Node, req.Stream, out)
	case "zip":
		return sess.zip(ctx, req.Image, req.Node, out)
	case "verify":
		return sess.verify(ctx, req.Reports, out)
	case "verifyShards":
		return sess.verifyShards(ctx, req.Claim, out)
	case "diff", "windiff":
		other := view.DiffOther{Image: req.Image}
		if req.Other != nil {
			other = *req.Other
		}
		against := sess
		if other.Second {
			if second == nil || second.a == nil {
				return nil, fmt.Errorf("no second WIM file is open")
			}
			against = second
		}
		if req.Op == "windiff" {
			return sess.winCompare(ctx, req.Image, against, other.Image, out)
		}
		return sess.compare(ctx, req.Image, against, other.Image, req.Times, out)
	}
	return nil, fmt.Errorf("unknown request %q", req.Op)
}
