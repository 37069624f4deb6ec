package wimlibref

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
)

// Vector is one entry of testvectors/vectors.json.
type Vector struct {
	Name        string   `json:"name"`
	Files       []string `json:"files"` // relative to testvectors/; part 1 first
	Compression string   `json:"compression"`
	ChunkSize   int      `json:"chunk_size"`
	Solid       bool     `json:"solid"`
	Pipable     bool     `json:"pipable"`
	Split       bool     `json:"split"`
	Parts       int      `json:"parts"`
	Integrity   bool     `json:"integrity"`
	Images      int      `json:"images"`
	GUID        string   `json:"guid"`
	Golden      struct {
		Info   string            `json:"info"`
		XML    string            `json:"xml"`
		Header string            `json:"header"`
		Blobs  string            `json:"blobs"`
		Verify string            `json:"verify"`
		Dir    map[string]string `json:"dir"`
	} `json:"golden"`
}

// Dir is the testvectors folder, found from this source file so tests in
// any package can use it.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testvectors")
}

// Vectors reads the index of test vectors.
func Vectors() ([]Vector, error) {
	b, err := os.ReadFile(filepath.Join(Dir(), "vectors.json"))
	if err != nil {
		return nil, err
	}
	var idx struct {
		Vectors []Vector `json:"vectors"`
	}
	err = json.Unmarshal(b, &idx)
	return idx.Vectors, err
}

// Paths returns the vector's files as paths.
func (v Vector) Paths() []string {
	var out []string
	for _, f := range v.Files {
		out = append(out, filepath.Join(Dir(), f))
	}
	return out
}

// ImageNumbers lists the images that have a dir golden file, in order.
func (v Vector) ImageNumbers() []int {
	var out []int
	for k := range v.Golden.Dir {
		if n, err := strconv.Atoi(k); err == nil {
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out
}

// GoldenDir parses the golden `dir --detailed` output of image n.
func (v Vector) GoldenDir(n int) ([]Entry, error) {
	f, err := os.Open(filepath.Join(Dir(), v.Golden.Dir[strconv.Itoa(n)]))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if filepath.Ext(f.Name()) == ".gz" {
		z, err := gzip.NewReader(f)
		if err != nil {
			return nil, err
		}
		r = z
	}
	return ParseDir(r)
}

// LiveDir runs `wimlib-imagex dir --detailed` on image n of the vector.
func (v Vector) LiveDir(n int) ([]Entry, error) {
	p := v.Paths()
	args := []string{"dir", p[0], strconv.Itoa(n), "--detailed"}
	if len(p) > 1 {
		args = append(args, "--ref="+filepath.Join(Dir(), v.Name+"*.swm"))
	}
	out, err := Run(args...)
	if err != nil {
		return nil, err
	}
	return ParseDir(bytesReader(out))
}
