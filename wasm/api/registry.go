package api

import (
	"context"
	"fmt"
	"sync"

	"github.com/wimlens/wimlens/core/hive"
	"github.com/wimlens/wimlens/core/registry"
	"github.com/wimlens/wimlens/core/view"
)

// regHive is a file of an image opened as a registry hive (the page's
// "Open as registry") and the ids handed out for its keys: the root is 0,
// and listing a key gives its subkeys consecutive ids, once.
type regHive struct {
	h    *hive.Hive
	file string

	mu   sync.Mutex
	keys []*hive.Key
	kids map[int]regKids // a listed key → its subkeys' ids
}

type regKids struct {
	first, n int
	err      error
}

// regPage caps the subkeys one regList answers.
const regPage = 5000

// regOpen opens an image's file as a hive; its name is the one people
// know it by where Windows keeps it (`HKLM\SOFTWARE`), else its path.
func (s *session) regOpen(image, node int) (*view.RegHive, error) {
	_, f, err := s.lookup(image, node)
	if err != nil {
		return nil, err
	}
	if f.IsDir() {
		return nil, fmt.Errorf("%s is a folder, not a registry hive", f.Path())
	}
	name := registry.NameOf(f.Path())
	if name == "" {
		name = f.Path()
	}
	h, err := registry.Open(f, name)
	if err != nil {
		return nil, err
	}
	rh := &regHive{h: h, file: f.Path(), keys: []*hive.Key{h.Root()}, kids: map[int]regKids{}}
	s.mu.Lock()
	s.hives = append(s.hives, rh)
	id := len(s.hives) - 1
	s.mu.Unlock()
	out := &view.RegHive{ID: id, Name: name, File: f.Path(), Size: h.Size(),
		LastWritten: view.TimeText(h.Header.LastWritten.Time()), Root: keyRow(0, h.Root()), Warnings: []view.ErrorInfo{}}
	for _, w := range h.Warnings {
		out.Warnings = append(out.Warnings, *view.DescribeError(w))
	}
	return out, nil
}

func keyRow(id int, k *hive.Key) view.Entry {
	return view.Entry{ID: id, Name: k.Name, Dir: k.SubkeyCount > 0, Children: int(k.SubkeyCount)}
}

func (s *session) regHive(id int) (*regHive, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id < 0 || id >= len(s.hives) {
		return nil, fmt.Errorf("no registry hive %d is open", id)
	}
	return s.hives[id], nil
}

// regNode is an open hive and one of its keys, by the ids the page has.
func (s *session) regNode(id, node int) (*regHive, *hive.Key, error) {
	rh, err := s.regHive(id)
	if err != nil {
		return nil, nil, err
	}
	rh.mu.Lock()
	defer rh.mu.Unlock()
	if node < 0 || node >= len(rh.keys) {
		return nil, nil, fmt.Errorf("no registry key %d", node)
	}
	return rh, rh.keys[node], nil
}

// regList pages a key's subkeys, which are read once, on the first page.
func (s *session) regList(id, node int, offset int64, limit int) (*view.RegList, error) {
	rh, k, err := s.regNode(id, node)
	if err != nil {
		return nil, err
	}
	rh.mu.Lock()
	kids, ok := rh.kids[node]
	rh.mu.Unlock()
	if !ok {
		subs, err := k.Subkeys() // outside the lock: a long list takes a while
		rh.mu.Lock()
		if kids, ok = rh.kids[node]; !ok {
			kids = regKids{first: len(rh.keys), n: len(subs), err: err}
			rh.keys = append(rh.keys, subs...)
			rh.kids[node] = kids
		}
		rh.mu.Unlock()
	}
	if limit <= 0 || limit > regPage {
		limit = regPage
	}
	out := &view.RegList{Entries: []view.Entry{}, Total: kids.n}
	if kids.err != nil {
		out.Error = view.DescribeError(kids.err)
	}
	rh.mu.Lock()
	defer rh.mu.Unlock()
	for i := max(offset, 0); i < int64(kids.n) && len(out.Entries) < limit; i++ {
		at := kids.first + int(i)
		out.Entries = append(out.Entries, keyRow(at, rh.keys[at]))
	}
	return out, nil
}

// regKey is a key's values, for the page's details of it.
func (s *session) regKey(id, node int) (*view.RegKey, error) {
	rh, k, err := s.regNode(id, node)
	if err != nil {
		return nil, err
	}
	d := registry.Describe(k, rh.file, false)
	return &d, nil
}

// regSearch finds keys and values by name in the whole hive.
func (s *session) regSearch(ctx context.Context, id int, query string, limit int) (*view.RegSearch, error) {
	rh, err := s.regHive(id)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = defaultLimit
	}
	out, err := registry.Search(ctx, rh.h.Root(), query, limit)
	return &out, err
}
