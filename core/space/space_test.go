package space

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/wim"
)

const vectors = "../../testvectors/"

// reads records every read of a file, to show that measuring reads no
// file data.
type reads struct {
	f  *os.File
	mu sync.Mutex
	at []int64
}

func (r *reads) ReadAt(p []byte, off int64) (int, error) {
	r.mu.Lock()
	r.at = append(r.at, off)
	r.mu.Unlock()
	return r.f.ReadAt(p, off)
}

type vector struct {
	Name   string   `json:"name"`
	Files  []string `json:"files"`
	Solid  bool     `json:"solid"`
	Split  bool     `json:"split"`
	Images int      `json:"images"`
	Golden struct {
		Blobs string `json:"blobs"`
	} `json:"golden"`
}

func loadVectors(t *testing.T) []vector {
	b, err := os.ReadFile(vectors + "vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct{ Vectors []vector }
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v.Vectors
}

// golden sums wimlib-imagex's blob table: file blobs' uncompressed bytes,
// their stored bytes (non-solid), and each solid resource's stored bytes.
func golden(t *testing.T, path string) (bytes, stored, solid int64) {
	f, err := os.Open(vectors + path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var size, comp int64
	resources := map[string]int64{}
	num := func(s string) int64 {
		n, err := strconv.ParseInt(strings.Fields(s)[0], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "= ")
		switch strings.TrimSpace(k) {
		case "Uncompressed size":
			size = num(v)
		case "Compressed size":
			comp = num(v)
		case "Solid resource":
			// "2915076 => 47946 bytes @ offset 208"
			_, after, _ := strings.Cut(v, "=> ")
			resources[v] = num(after)
			comp = 0
		case "Flags":
			if strings.Contains(v, "METADATA") {
				continue
			}
			bytes += size
			stored += comp
		}
	}
	for _, n := range resources {
		solid += n
	}
	return bytes, stored, solid
}

func TestVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		if v.Split {
			continue // its blobs are spread over parts; tested in the api
		}
		t.Run(v.Name, func(t *testing.T) {
			f, err := os.Open(vectors + v.Files[0])
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			st, _ := f.Stat()
			r := &reads{f: f}
			a, err := wim.Open(r, st.Size())
			if err != nil {
				t.Fatal(err)
			}
			wantBytes, wantStored, solidStored := golden(t, v.Golden.Blobs)
			var sumUnique, sumStored float64
			for i := 1; i <= a.ImageCount(); i++ {
				img, err := a.Image(i)
				if err != nil {
					t.Fatal(err)
				}
				r.mu.Lock()
				r.at = nil
				r.mu.Unlock()
				m := Measure(a, img)
				noDataRead(t, a, r.at)

				var every int64
				files := 0
				_ = img.Walk(func(f *meta.File) error {
					for _, s := range f.Streams {
						every += s.Size
					}
					if !f.IsDir() {
						files++
					}
					return nil
				})
				tot := m.Total()
				info := a.Info.Images[i-1]
				// wimlib's TOTALBYTES counts every path too.
				if tot.Size != every || uint64(tot.Size) != info.TotalBytes {
					t.Errorf("image %d: size %d, every path's streams %d, XML total %d", i, tot.Size, every, info.TotalBytes)
				}
				// Hard links' extra names are dedup's savings at least.
				if tot.Size-int64(tot.Unique+0.5) < int64(info.HardLinkBytes) {
					t.Errorf("image %d: saved %.0f, hard links alone %d", i, float64(tot.Size)-tot.Unique, info.HardLinkBytes)
				}
				if v.Solid && len(r.at) == 0 && i == 1 {
					t.Error("no chunk table read: is the counting reader in the way?")
				}
				if tot.Files != files {
					t.Errorf("image %d: %d files, walked %d", i, tot.Files, files)
				}
				sumUnique += tot.Unique
				sumStored += tot.Stored
				checkTree(t, m.Tree(0, false, DefaultLimits), DefaultLimits.Depth)
				checkTree(t, m.Tree(0, true, Limits{Depth: 2, Kids: 3, MinShare: 0.01}), 2)
			}
			ar := m0(a)
			if ar.Bytes != wantBytes {
				t.Errorf("archive: %d bytes, wimlib's blob table %d", ar.Bytes, wantBytes)
			}
			if v.Solid {
				// Shares are of the chunks; headers and chunk tables are
				// no file's.
				if ar.Stored > solidStored || float64(ar.Stored) < 0.97*float64(solidStored) {
					t.Errorf("archive: %d stored, solid resources %d", ar.Stored, solidStored)
				}
			} else if ar.Stored != wantStored {
				t.Errorf("archive: %d stored, wimlib's blob table %d", ar.Stored, wantStored)
			}
			// Every blob is some image's: one image's numbers are all of
			// them; two images share some, so each holds part.
			if v.Images == 1 {
				if math.Abs(sumUnique-float64(ar.Bytes)) > 1 || math.Abs(sumStored-float64(ar.Stored)) > 1 {
					t.Errorf("image: unique %.0f stored %.0f, archive %d, %d", sumUnique, sumStored, ar.Bytes, ar.Stored)
				}
			}
		})
	}
}

// m0 is the archive's totals, as Measure counts them.
func m0(a *wim.Archive) view.SpaceArchive {
	img, _ := a.Image(1)
	return Measure(a, img).Archive()
}

// noDataRead fails when a read during measuring touched a blob's data:
// only solid resources' chunk tables (right after their 16-byte header)
// may be read, for the blobs' stored shares.
func noDataRead(t *testing.T, a *wim.Archive, at []int64) {
	t.Helper()
	tables := map[int64]bool{}
	for _, l := range a.Locations() {
		if l.Image == 0 && l.Chunk > 0 {
			tables[l.At+16] = true
		}
	}
	for _, off := range at {
		if !tables[off] {
			t.Errorf("measuring read at %d, which is no solid resource's chunk table", off)
		}
	}
}

// checkTree checks that every folder's kids add up to it, the depth and
// the order.
func checkTree(t *testing.T, n view.SpaceNode, depth int) {
	t.Helper()
	if len(n.Kids) == 0 {
		return
	}
	if depth <= 0 {
		t.Errorf("%q: kids past the depth", n.Name)
	}
	var size, files int64
	var unique, stored int64
	for i, k := range n.Kids {
		size += k.Size
		files += int64(k.Files)
		unique += k.Unique
		stored += k.Stored
		if k.Other > 0 && i != len(n.Kids)-1 {
			t.Errorf("%q: other is not last", n.Name)
		}
		checkTree(t, k, depth-1)
	}
	// A folder's own streams (named, reparse) are its, not its kids'.
	if size > n.Size || files != int64(n.Files) {
		t.Errorf("%q: kids add up to %d bytes in %d files, the folder has %d in %d", n.Name, size, files, n.Size, n.Files)
	}
	if d := float64(len(n.Kids)); math.Abs(float64(unique-n.Unique)) > d+1 && unique > n.Unique || stored > n.Stored+int64(d)+1 {
		t.Errorf("%q: kids' unique %d stored %d, the folder's %d, %d", n.Name, unique, stored, n.Unique, n.Stored)
	}
}

// Images that are not in vectors.json (hostile names, PE files, Windows'
// layout): measured without failing, every path counted, folders adding up.
func TestOtherImages(t *testing.T) {
	for _, name := range []string{"windows-hostile.wim", "pe.wim"} {
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(vectors + name)
			if err != nil {
				t.Fatal(err) // both are committed: missing is a defect, not a reason to skip
			}
			defer f.Close()
			st, _ := f.Stat()
			a, err := wim.Open(f, st.Size())
			if err != nil {
				t.Fatal(err)
			}
			for i := 1; i <= a.ImageCount(); i++ {
				img, err := a.Image(i)
				if err != nil {
					t.Fatal(err)
				}
				m := Measure(a, img)
				if got, want := uint64(m.Total().Size), a.Info.Images[i-1].TotalBytes; got != want {
					t.Errorf("image %d: %d bytes, XML %d", i, got, want)
				}
				sp := m.Describe(i, 0, false, DefaultLimits)
				checkTree(t, sp.Root, DefaultLimits.Depth)
				// Every folder can be asked for.
				for d := range m.Dirs() {
					checkTree(t, m.Tree(d, true, DefaultLimits), DefaultLimits.Depth)
				}
			}
		})
	}
}
