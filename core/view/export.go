package view

import "github.com/wimlens/wimlens/core/export"

// Zipped answers the worker's zip: the archive went out as chunks. What
// export left out or could not read is listed by path, and what it wrote
// differently from the image (notes) by path and counted by kind.
type Zipped struct {
	Name        string    `json:"name"` // the folder's name, for saving
	Bytes       int64     `json:"bytes"`
	Entries     int       `json:"entries"`
	Refused     []Problem `json:"refused"`
	Failed      []Problem `json:"failed"`
	Notes       []string  `json:"notes"`
	NoteSummary []string  `json:"noteSummary"` // "365 reparse points written as plain files or folders"
}

// Problem is a path and what went wrong with it.
type Problem struct {
	Path  string `json:"path"`
	Error string `json:"error"`
}

// DescribeZip describes a zip of name, bytes long, that export wrote.
func DescribeZip(name string, bytes int64, res *export.Result) *Zipped {
	z := &Zipped{Name: name, Bytes: bytes, Entries: res.Written,
		Refused: problems(res.Refused), Failed: problems(res.Failed), Notes: []string{},
		NoteSummary: append([]string{}, export.NoteSummary(res.Notes)...)}
	for _, n := range res.Notes {
		z.Notes = append(z.Notes, n.String())
	}
	return z
}

func problems(ps []export.Problem) []Problem {
	out := make([]Problem, len(ps))
	for i, p := range ps {
		out[i] = Problem{p.Path, p.Err.Error()}
	}
	return out
}
