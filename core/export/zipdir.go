package export

import (
	"bytes"

	"github.com/klauspost/compress/flate"
)

// zipDir is a zip's central directory as it grows, each record encoded
// as it is added. Until the zip is closed it is held deflated, a batch at
// a time: the names of one folder's files share their start, so the
// directory takes some 7 times less memory, and it was most of what a
// zip held beyond what writing the files as a tree holds (5 MB for the
// 52k entries of /usr/share).
type zipDir struct {
	n       int      // records
	batch   []byte   // encoded, not yet deflated
	packed  [][]byte // deflated batches, each a whole deflate stream
	scratch bytes.Buffer
}

// zipDirBatch is how many bytes of records are deflated together.
const zipDirBatch = 64 << 10

func (d *zipDir) add(rs ...zipRecord) {
	for i := range rs {
		d.batch = rs[i].appendCentral(d.batch)
		d.n++
		// A file's hard links come in one call: there may be 200,000.
		if len(d.batch) >= zipDirBatch {
			d.pack()
		}
	}
}

func (d *zipDir) pack() {
	d.scratch.Reset()
	// Deflating into memory cannot fail.
	_ = flate.StatelessDeflate(&d.scratch, d.batch, true, nil)
	d.packed = append(d.packed, bytes.Clone(d.scratch.Bytes()))
	d.batch = d.batch[:0]
}

// each hands the directory's encoded records to write, in order, in
// pieces.
func (d *zipDir) each(write func([]byte) error) error {
	var buf bytes.Buffer
	for _, p := range d.packed {
		buf.Reset()
		if _, err := buf.ReadFrom(flate.NewReader(bytes.NewReader(p))); err != nil {
			return err // it was deflated here: a bug
		}
		if err := write(buf.Bytes()); err != nil {
			return err
		}
	}
	return write(d.batch)
}
