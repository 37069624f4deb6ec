package view

import "github.com/wimlens/wimlens/core/meta"

// What the page's tree is drawn from: rows, folders' listings, an image's
// summary, a file's details and hard links, search hits. Node ids are the
// worker's (wasm/api hands them out); these shapes only carry them.

// Entry is one row of the tree: enough to draw it, nothing more, so that
// listing a folder of 150k files stays cheap.
type Entry struct {
	ID       int    `json:"id"`
	Name     string `json:"name"`
	Dir      bool   `json:"dir,omitempty"`
	Size     int64  `json:"size,omitempty"`
	Children int    `json:"children,omitempty"`
	Reparse  bool   `json:"reparse,omitempty"`
	Hidden   bool   `json:"hidden,omitempty"` // HIDDEN or SYSTEM
	Anomaly  bool   `json:"anomaly,omitempty"`
	Missing  bool   `json:"missing,omitempty"` // its data is in no file given: Size is unknown
}

// DescribeEntry is f's row, under the node id id.
func DescribeEntry(id int, f *meta.File) Entry {
	d := f.Data()
	return Entry{
		ID: id, Name: f.Name, Dir: f.IsDir(), Size: f.Size(), Children: len(f.Children()),
		Reparse: f.Attributes&meta.AttrReparsePoint != 0,
		Hidden:  f.Attributes&(meta.AttrHidden|meta.AttrSystem) != 0,
		Anomaly: len(f.Anomalies()) > 0,
		Missing: d != nil && d.Missing,
	}
}

// ImageSummary is an opened image: its root and what is wrong in it.
type ImageSummary struct {
	Index        int            `json:"index"`
	Root         Entry          `json:"root"`
	Dirs         int            `json:"dirs"`
	Files        int            `json:"files"`
	Anomalies    []ImageAnomaly `json:"anomalies"`
	AnomalyCount int            `json:"anomalyCount"`
	// Pending says the image is not parsed yet: Root and the root's listing
	// come from its top alone (wim.ImageTop), the counts and anomalies are
	// unknown, and settled gives the whole image's answer, which stands.
	Pending bool `json:"pending,omitempty"`
}

// maxAnomalies bounds the anomalies sent with an image; the count is
// always sent.
const maxAnomalies = 500

// PendingImage is image index's summary from its top alone.
func PendingImage(index int, top *meta.Image) *ImageSummary {
	return &ImageSummary{Index: index, Root: DescribeEntry(0, top.Root), Anomalies: []ImageAnomaly{}, Pending: true}
}

// SummarizeImage sums up image index, parsed whole.
func SummarizeImage(index int, img *meta.Image) *ImageSummary {
	dirs, files := img.Counts()
	all := img.Anomalies
	sum := &ImageSummary{Index: index, Root: DescribeEntry(0, img.Root), Dirs: dirs, Files: files,
		Anomalies: []ImageAnomaly{}, AnomalyCount: len(all)}
	for _, a := range all[:min(len(all), maxAnomalies)] {
		sum.Anomalies = append(sum.Anomalies, ImageAnomaly{Path: a.Path, Anomaly: describeAnomaly(a)})
	}
	return sum
}

// Listing is a folder's children, in the image's (name) order.
type Listing struct {
	Node    int     `json:"node"`
	Entries []Entry `json:"entries"`
}

// Details is a file's description with the ids the page needs to move
// around: its own, its folders' and its first hard links' (linkCount says
// how many there are).
type Details struct {
	File
	ID        int   `json:"id"`
	Ancestors []int `json:"ancestors"` // from the root's child down to the parent
	Links
}

// Links names the hard links of a file: their paths and node ids, in the
// group's order.
type Links struct {
	Paths []string `json:"links,omitempty"`
	IDs   []int    `json:"linkIds,omitempty"`
}

// Found is one search hit in the tree: the entry, its path, and the
// folders from the root down to it (root excluded) so the page can reveal
// it.
type Found struct {
	Entry
	Path      string `json:"path"`
	Ancestors []int  `json:"ancestors"`
}

// Results answers the page's search; More says the limit cut it short.
type Results struct {
	Query string  `json:"query"`
	Hits  []Found `json:"hits"`
	More  bool    `json:"more"`
}

// Content answers read and download: the bytes went out as chunks.
type Content struct {
	Name   string `json:"name"`   // the file's name, for saving
	Stream string `json:"stream"` // "" for the unnamed stream
	Size   int64  `json:"size"`   // the whole stream's size
	Offset int64  `json:"offset"`
	Length int64  `json:"length"` // bytes sent
}

// Cancelled answers cancel: whether the request was still running.
type Cancelled struct {
	Cancelled bool `json:"cancelled"`
}

// ImageRef names an image in the CLI's JSON.
type ImageRef struct {
	Index int    `json:"index"`
	Name  string `json:"name"`
}

// Dir is `wimlens dir --json`. The CLI writes DirHead first and then the
// entries one per line as the walk goes, so memory stays flat.
type Dir struct {
	DirHead
	Entries []File `json:"entries"`
}

// DirHead is what `wimlens dir --json` says before its entries.
type DirHead struct {
	Image ImageRef `json:"image"`
	Path  string   `json:"path"`
}

// LinkList is `wimlens dir --path PATH --links --json`: every name of
// PATH's file. Entries say only their group's size (linkCount): a group's
// every name in each of its entries made dir --json quadratic.
type LinkList struct {
	Image     ImageRef `json:"image"`
	Path      string   `json:"path"`
	LinkGroup uint64   `json:"linkGroup,omitempty"`
	Links     []string `json:"links"`
}
