package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"

	"github.com/wimlens/wimlens/core/export"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/wim"
)

func runExtract(e *env, args []string) error {
	c := newCommand("extract", 2, -1, "FILE IMAGE [PATH...]")
	dest := c.String("dest", "", "extract into `DIR` (created if missing)")
	zipOut := c.String("zip", "", "write a zip archive to `OUT.zip`")
	store := c.Bool("store", false, "with --zip, store files as they are, not deflated: written about as fast as --dest writes them, into a zip as large as they are")
	allNotes := c.Bool("notes", false, "list every entry written differently from the image, not only the first "+strconv.Itoa(shownNotes))
	a, args, err := c.open(e, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if (*dest == "") == (*zipOut == "") {
		return usagef("extract: give one of --dest DIR and --zip OUT.zip")
	}
	if *store && *zipOut == "" {
		return usagef("extract: --store is for --zip")
	}
	if os.Getenv("GOGC") == "" {
		// The image's tree is most of the heap while the export is
		// planned, the plan and the blob table while data is written, and
		// Go's default lets the heap grow to twice what lives. A quarter
		// of that growth took /usr/share's --dest from 50 to 44 MiB, under
		// wimlib's 46, at no measurable CPU (see bench/README.md).
		defer debug.SetGCPercent(debug.SetGCPercent(25))
	}
	img, n, err := a.image(args[:1])
	if err != nil {
		return err
	}
	roots := []*meta.File{img.Root}
	if len(args) > 1 {
		roots = roots[:0]
		for _, p := range args[1:] {
			f, err := lookup(img, n, p)
			if err != nil {
				return err
			}
			roots = append(roots, f)
		}
	}
	progress, clear := e.progress("extracting")
	var res *export.Result
	target := *dest
	if *zipOut != "" {
		target = *zipOut
		res, err = extractZip(e.ctx, *zipOut, *store, a.Archive, roots, progress)
	} else {
		res, err = extractDir(e.ctx, *dest, a.Archive, roots, progress)
	}
	clear()
	if res != nil {
		printNotes(e, res.Notes, *allNotes)
		for _, p := range res.Refused {
			fmt.Fprintf(e.stderr, "wimlens: refused: %s\n", oneLine(p.String()))
		}
		for _, p := range res.Failed {
			fmt.Fprintf(e.stderr, "wimlens: failed: %s\n", oneLine(p.String()))
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wimlens: wrote %s (%d %s of file data) to %s\n",
		count(res.Written, "entry", "entries"), res.Bytes, pick(int(min(res.Bytes, 2)), "byte", "bytes"), target)
	if !res.OK() {
		var what []string
		if n := len(res.Refused); n > 0 {
			what = append(what, count(n, "name refused", "names refused"))
		}
		if n := len(res.Failed); n > 0 {
			what = append(what, count(n, "file failed", "files failed"))
		}
		return &problemsError{andList(what) + "; the rest was extracted"}
	}
	return nil
}

// shownNotes is how many notes extract lists unless asked for all: an
// image of Windows holds thousands of reparse points, each one a note.
const shownNotes = 10

// printNotes lists the notes, or the first shownNotes of them and what
// they all come to.
func printNotes(e *env, notes []export.Note, all bool) {
	for i, nt := range notes {
		if i == shownNotes && !all {
			fmt.Fprintf(e.stderr, "wimlens: note: in all, %s (the first %d are above; --notes lists every one)\n",
				andList(export.NoteSummary(notes)), shownNotes)
			return
		}
		fmt.Fprintf(e.stderr, "wimlens: note: %s\n", oneLine(nt.String()))
	}
}

func extractDir(ctx context.Context, dest string, a *wim.Archive, roots []*meta.File, progress wim.Progress) (*export.Result, error) {
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return nil, err
	}
	sink := newDiskSink(dest)
	res, err := export.Export(ctx, a, roots, sink, engine(), progress)
	sink.finish()
	return res, err
}

// extractZip writes the zip, deflated or stored, removing it again if it
// could not be finished: a zip without its central directory is of no
// use.
func extractZip(ctx context.Context, out string, store bool, a *wim.Archive, roots []*meta.File, progress wim.Progress) (res *export.Result, err error) {
	f, err := os.Create(out)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(out)
		}
	}()
	var z interface {
		export.Sink
		Close() error
	}
	var w *bufio.Writer
	if store {
		z = export.NewStoredZip(f) // written at places, in a file
	} else {
		w = bufio.NewWriterSize(f, 1<<20)
		z = export.NewZipWriter(w)
	}
	if res, err = export.Export(ctx, a, roots, z, engine(), progress); err != nil {
		return res, err
	}
	if err = z.Close(); err != nil || w == nil {
		return res, err
	}
	return res, w.Flush()
}
