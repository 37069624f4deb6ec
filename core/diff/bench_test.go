package diff_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/wimlens/wimlens/core/diff"
	"github.com/wimlens/wimlens/internal/wimtest"
)

// Synthetic images have 1500 folders of 100 files: 151,501 entries.
const folders, perFolder = 1500, 100

// tree lays out every file (d, f) with the contents data gives it, in the
// folder and under the name place gives it; no folder drops the file.
func tree(data func(d, f int) string, place func(d, f int) (folder, name string)) []*wimtest.Entry {
	dirs := map[string]*wimtest.Entry{}
	var root []*wimtest.Entry
	for d := range folders {
		for f := range perFolder {
			folder, name := place(d, f)
			if folder == "" {
				continue
			}
			if dirs[folder] == nil {
				dirs[folder] = dir(folder)
				root = append(root, dirs[folder])
			}
			dirs[folder].Children = append(dirs[folder].Children, file(name, data(d, f)))
		}
	}
	return root
}

func home(d, f int) (string, string) { return fmt.Sprintf("d%04d", d), fmt.Sprintf("f%03d.dll", f) }

func unique(d, f int) string { return fmt.Sprintf("content %d/%d", d, f) }

// benchImages times Images alone: building and reading the WIMs is setup.
func benchImages(b *testing.B, old, cur []*wimtest.Entry) {
	o, c := build(b, old...), build(b, cur...)
	var r *diff.Result
	for b.Loop() {
		var err error
		if r, err = diff.Images(context.Background(), o, c, diff.Options{}, nil); err != nil {
			b.Fatal(err)
		}
	}
	s := r.Summary
	b.ReportMetric(float64(s.Added), "added")
	b.ReportMetric(float64(s.Deleted), "deleted")
	b.ReportMetric(float64(s.Modified), "modified")
	b.ReportMetric(float64(s.Renamed), "renamed")
}

// BenchmarkImages: an update-like edit with some of every kind of change,
// one folder moved whole and a new folder of 1000 files.
func BenchmarkImages(b *testing.B) {
	data := func(d, f int) string {
		if (d*perFolder+f)%97 == 0 && d != 42 {
			return "changed " + unique(d, f)
		}
		return unique(d, f)
	}
	place := func(d, f int) (string, string) {
		folder, name := home(d, f)
		switch i := d*perFolder + f; {
		case d == 42:
			folder += "-moved"
		case i%101 == 0:
			return "", ""
		case i%103 == 0:
			name += ".bak"
		case i%107 == 0:
			folder, _ = home(d+1, f)
			name = "moved-" + name
		}
		return folder, name
	}
	var added []*wimtest.Entry
	for i := range 1000 {
		added = append(added, file(fmt.Sprintf("new%04d.txt", i), fmt.Sprintf("new %d", i)))
	}
	benchImages(b, tree(unique, home), append(tree(data, place), dir("new", added...)))
}

// BenchmarkImagesAllMoved: every folder renamed, and each content shared
// by 32 files, so that every file has 32 candidates.
func BenchmarkImagesAllMoved(b *testing.B) {
	data := func(d, f int) string { return fmt.Sprint((d*perFolder + f) % (folders * perFolder / 32)) }
	moved := func(d, f int) (string, string) {
		folder, name := home(d, f)
		return "new-" + folder, name
	}
	benchImages(b, tree(data, home), tree(data, moved))
}

// BenchmarkImagesAllRenamed: every folder and every file renamed, each
// content shared by 16 files: the most name scoring there can be (16
// distances for each file; a larger group is not scored).
func BenchmarkImagesAllRenamed(b *testing.B) {
	data := func(d, f int) string { return fmt.Sprint((d*perFolder + f) % (folders * perFolder / 16)) }
	renamed := func(d, f int) (string, string) {
		folder, name := home(d, f)
		return "new-" + folder, "new-" + name
	}
	benchImages(b, tree(data, home), tree(data, renamed))
}
