package meta

// Paths calls fn with the full path of every entry of an uncompressed
// metadata resource, in Walk's order (parents first, children in name
// order), reading the tree by Parse's rules but without building it: it
// holds only the entries of the directories on the current path, in memory
// it reuses, so a listing of an image of hundreds of thousands of entries
// takes a fraction of Parse's memory and time. path is reused once fn
// returns; an error from fn stops the walk and is returned.
func Paths(buf []byte, fn func(path []byte) error) error {
	_, rootOff, err := parseSecurity(buf)
	if err != nil {
		return err
	}
	w := pathWalker{buf: buf, seen: map[int64]bool{}, fn: fn}
	root, err := readRoot(buf, rootOff, &w.arena)
	if err != nil {
		return err
	}
	return w.walk(root, append(make([]byte, 0, 512), '/'), 0)
}

type pathWalker struct {
	buf   []byte
	seen  map[int64]bool
	fn    func([]byte) error
	arena arena     // a stack: the entries of the directories on the path
	kids  [][]*File // per depth, reused by each directory at that depth
}

func (w *pathWalker) walk(dir *File, path []byte, depth int) error {
	if err := w.fn(path); err != nil {
		return err
	}
	if enter, err := enterDir(dir, w.seen, depth); !enter {
		return err
	}
	if depth == len(w.kids) {
		w.kids = append(w.kids, nil)
	}
	m := w.arena.mark()
	defer w.arena.release(m)
	kids, err := readEntries(w.buf, dir.subdir, &w.arena, w.kids[depth][:0])
	w.kids[depth] = kids
	if err != nil {
		return inDir(err, string(path))
	}
	if depth > 0 { // not the root's "/"
		path = append(path, '/')
	}
	for _, c := range kids {
		if err := w.walk(c, append(path, c.Name...), depth+1); err != nil {
			return err
		}
	}
	return nil
}
