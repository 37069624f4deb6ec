package api

import (
	"fmt"

	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
)

// A WIM inside an image (Winre.wim, a boot.wim on media) opens as a level
// of its own: openInner opens the file a node names in the current level
// as a WIM, read where it lies through that level's chunk cache
// (wim.OpenInner), and makes it the current level, which every other
// request then addresses; showLevel goes back to a level, keeping those
// inside it; closeLevel drops a level and those inside it, and shows the
// one it was opened from. Levels opened from a level replace those that
// were inside it.

// handleLevels answers the requests about levels; ok is false for others.
func (s *Server) handleLevels(req Request) (res any, err error, ok bool) {
	switch req.Op {
	case "openInner":
		res, err = s.openInner(req.Image, req.Node)
	case "showLevel", "closeLevel":
		res, err = s.showLevel(req.Level, req.Op == "closeLevel")
	default:
		return nil, nil, false
	}
	return res, err, true
}

func (s *Server) openInner(image, node int) (*view.Opened, error) {
	s.mu.Lock()
	outer := s.sess
	depth := len(s.levels)
	for i, l := range s.levels {
		if l == outer {
			depth = i + 1
		}
	}
	s.mu.Unlock()
	if outer == nil || outer.a == nil {
		return nil, fmt.Errorf("no WIM file is open")
	}
	if depth > wim.MaxNesting {
		return nil, fmt.Errorf("%s is already %d WIMs deep; the page opens at most %d levels", outer.name, depth-1, wim.MaxNesting)
	}
	_, f, err := outer.lookup(image, node)
	if err != nil {
		return nil, err
	}
	a, err := wim.OpenInner(wim.Options{Hasher: outer.bulk.Hasher}, f)
	if err != nil {
		return nil, fmt.Errorf("in %s, image %d, %s: %w", outer.name, image, f.Path(), err)
	}
	inner := &session{a: a, bulk: outer.bulk, images: map[int]*loadedImage{}, outer: outer,
		name: fmt.Sprintf("%s@%d:%s", outer.name, image, f.Path())}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess != outer || depth > len(s.levels) || s.levels[depth-1] != outer {
		return nil, fmt.Errorf("another file or level was opened meanwhile")
	}
	s.cancelAll()
	s.levels = append(s.levels[:depth:depth], inner)
	s.sess = inner
	return &view.Opened{Archive: view.DescribeArchive(a), XML: a.Info.Raw, Stats: inner.stats()}, nil
}

// showLevel makes level n current, dropping it and those inside it first
// when close is set (then level n-1 is current).
func (s *Server) showLevel(n int, close bool) (*view.Opened, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if close {
		if n < 1 || n >= len(s.levels) {
			return nil, fmt.Errorf("no level %d to close", n)
		}
		s.levels = s.levels[:n]
		n--
	}
	if n < 0 || n >= len(s.levels) || s.levels[n].a == nil {
		return nil, fmt.Errorf("no level %d is open", n)
	}
	s.cancelAll()
	s.sess = s.levels[n]
	a := s.sess.a
	return &view.Opened{Archive: view.DescribeArchive(a), XML: a.Info.Raw, Stats: s.sess.stats()}, nil
}
