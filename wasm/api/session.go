package api

import (
	"fmt"
	"sort"
	"sync"

	"github.com/wimlens/wimlens/core/bulk"
	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/space"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
	"github.com/wimlens/wimlens/core/windows"
	"github.com/wimlens/wimlens/wasm/blobcache"
)

// Part is one file the page gave: a WIM, or one part of a split WIM.
type Part struct {
	Name string
	R    *blobcache.Reader
}

// session is one opened archive and what has been read of it.
type session struct {
	a     *wim.Archive
	parts []Part
	bulk  bulk.Options // the host's, for verify and zips
	// For a WIM inside an image (nested.go): the session it is read
	// through, and its name naming both levels, for messages.
	outer *session
	name  string

	mu     sync.Mutex
	images map[int]*loadedImage
	hives  []*regHive // files opened as registry hives, by id
}

// loadedImage is a parsed image (or why it could not be parsed) and the
// ids handed out for its files. Ids go out a folder at a time: listing a
// folder gives its children consecutive ids, so a folder of 150k files
// costs one append, not 150k map entries (which, on js/wasm, take seconds).
type loadedImage struct {
	once sync.Once
	img  *meta.Image
	err  error

	topOnce sync.Once

	mu     sync.Mutex
	byID   []*meta.File       // id → file; the root is 0
	blocks map[*meta.File]int // a folder whose children have ids → its first child's
	parsed bool               // once has run: img and err are set
	// top is the image's root and its children alone (wim.ImageTop), to
	// draw the first rows before the whole image is parsed; nil once it
	// is, and when the top could not be read (the full parse says why).
	top *meta.Image

	orders orders // the listing's sorts (listing.go)

	winMu sync.Mutex
	win   *windows.Reading // the Windows tab's, from its summary to its lists

	spaceOnce sync.Once
	space     *space.Map // the Space tab's, measured on its first request
}

func (s *session) stats() view.ReadStats {
	var st view.ReadStats
	if s == nil {
		return st
	}
	if s.outer != nil {
		return s.outer.stats() // what is read of the files is the outer's
	}
	for _, p := range s.parts {
		x := p.R.Stats()
		st.BytesRead += x.BytesRead
		st.Reads += x.Reads
		st.Hits += x.Hits
		st.Size += p.R.Size()
	}
	return st
}

// openSession opens files, hashing with h. On failure the session has no
// archive (but counts what was read) and Opened describes the first header
// that could be read.
func openSession(files []Part, h digest.Hasher) (*session, *view.Opened, error) {
	parts := make([]wim.Part, len(files))
	for i, f := range files {
		parts[i] = wim.Part{R: f.R, Size: f.R.Size(), Name: f.Name}
	}
	s := &session{parts: files, bulk: bulk.Options{Hasher: h}, images: map[int]*loadedImage{}}
	if len(files) > 0 {
		s.name = files[0].Name
	}
	a, err := wim.OpenWith(wim.Options{Hasher: h}, parts...)
	if err != nil {
		opened := &view.Opened{Stats: s.stats()}
		for _, p := range parts {
			// A file cut short still gives its header.
			if h, _ := wim.ReadHeader(p.R, p.Size); h != nil {
				opened.Archive = view.DescribeHeader(h)
				break
			}
		}
		return s, opened, err
	}
	s.a = a
	return s, &view.Opened{Archive: view.DescribeArchive(a), XML: a.Info.Raw, Stats: s.stats()}, nil
}

// loaded is image i's state, made on first use.
func (s *session) loaded(i int) *loadedImage {
	s.mu.Lock()
	defer s.mu.Unlock()
	li, ok := s.images[i]
	if !ok {
		li = &loadedImage{blocks: map[*meta.File]int{}}
		s.images[i] = li
	}
	return li
}

// image parses image i once; later calls get the same result.
func (s *session) image(i int) (*loadedImage, error) {
	li := s.loaded(i)
	li.once.Do(func() {
		defer li.settle()
		// A bug met on a hostile file is kept as the image's error, not
		// raised, as the request that asked may not be the one to fail.
		defer func() {
			if r := recover(); r != nil {
				li.img, li.err = nil, fmt.Errorf("internal error reading image %d: %v", i, r)
			}
		}()
		li.img, li.err = s.a.Image(i)
		if li.err == nil {
			li.byID = []*meta.File{li.img.Root}
			// The root's children take ids 1 to n, as the top handed out.
			li.firstChild(li.img.Root)
		}
	})
	return li, li.err
}

// settle marks the image parsed, and lets its top go: the whole answers
// from now on, and the top's buffer and entries are garbage.
func (li *loadedImage) settle() {
	li.mu.Lock()
	defer li.mu.Unlock()
	li.parsed, li.top = true, nil
}

// top is image i's root and its children, read without parsing the whole
// image, while the whole is not parsed; nil once it is, or when the top
// could not be read (the full parse then says why).
func (s *session) top(i int) *meta.Image {
	li := s.loaded(i)
	li.topOnce.Do(func() {
		li.mu.Lock()
		parsed := li.parsed
		li.mu.Unlock()
		if parsed {
			return
		}
		// As in image: a bug on a hostile file leaves the full parse to answer.
		defer func() { _ = recover() }()
		top, _ := s.a.ImageTop(i)
		li.mu.Lock()
		defer li.mu.Unlock()
		if !li.parsed {
			li.top = top
		}
	})
	li.mu.Lock()
	defer li.mu.Unlock()
	return li.top
}

// firstChild is the id of dir's first child, handing out ids to all its
// children on first use.
func (li *loadedImage) firstChild(dir *meta.File) int {
	li.mu.Lock()
	defer li.mu.Unlock()
	if base, ok := li.blocks[dir]; ok {
		return base
	}
	base := len(li.byID)
	li.byID = append(li.byID, dir.Children()...)
	li.blocks[dir] = base
	return base
}

// id names f for the page; the same file always gets the same id.
func (li *loadedImage) id(f *meta.File) int {
	if f.Parent == nil {
		return 0
	}
	kids := f.Parent.Children()
	// Children are sorted by name; equal names (a hostile image's
	// duplicates) sit together.
	i := sort.Search(len(kids), func(i int) bool { return kids[i].Name >= f.Name })
	for kids[i] != f {
		i++
	}
	return li.firstChild(f.Parent) + i
}

// file finds the file an id names.
func (li *loadedImage) file(id int) (*meta.File, error) {
	li.mu.Lock()
	defer li.mu.Unlock()
	if id < 0 || id >= len(li.byID) {
		return nil, fmt.Errorf("no node %d", id)
	}
	return li.byID[id], nil
}

// lookup is image then file, the start of most requests.
func (s *session) lookup(image, node int) (*loadedImage, *meta.File, error) {
	li, err := s.image(image)
	if err != nil {
		return nil, nil, err
	}
	f, err := li.file(node)
	return li, f, err
}
