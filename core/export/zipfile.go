package export

import (
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"time"
	"unicode/utf8"
)

// zipFile writes a zip archive's records as Go's archive/zip does (the
// same headers, extra fields and ZIP64 rules, so every reader that takes
// its zips takes these), but keeps the central directory encoded and
// deflated (zipDir): archive/zip keeps a FileHeader, some 250 bytes an
// entry, 35 MiB of a zip of /usr's 152k entries.
type zipFile struct {
	w   io.Writer
	off uint64 // bytes written
	dir zipDir
}

// zipRecord is what the central directory says of an entry.
type zipRecord struct {
	name         string
	offset       uint64 // of its local header
	csize, usize uint64
	crc          uint32
	external     uint32 // attributes: the Unix mode above, MS-DOS's below
	mtime        uint32 // Unix seconds, for the extended timestamp; 0 for none
	dosTime      uint16
	dosDate      uint16
	method       uint16
	flags        uint16
	version      uint16 // needed to extract
}

const (
	zipStore   = 0
	zipDeflate = 8

	zipVersion20 = 20                  // 2.0
	zipVersion45 = 45                  // 4.5, for ZIP64
	zipCreator   = 3<<8 | zipVersion20 // made on Unix, for its modes

	zipUTF8       = 0x800 // the name is UTF-8
	zipDescriptor = 0x8   // sizes and CRC follow the data

	uint16max = 1<<16 - 1
	uint32max = 1<<32 - 1

	zipLocalLen     = 30
	zip64EndLen     = 56
	zip64DescLen    = 24
	zipTimeExtraID  = 0x5455
	zip64ExtraID    = 0x0001
	zipTimeExtraLen = 9
	zip64ExtraLen   = 28
	// ZIP64's extra field in a local header: both sizes, no offset.
	zip64LocalExtraLen = 20
)

var errZipName = errors.New("zip: a name is longer than 65,535 bytes")

// newZipRecord starts the record of an entry named name (a folder's ends
// in "/") with mode, last written at mod (zero for no time).
func newZipRecord(name string, mode fs.FileMode, mod time.Time) zipRecord {
	r := zipRecord{name: name, version: zipVersion20, external: unixMode(mode) << 16}
	if mode.IsDir() {
		r.external |= 0x10 // MS-DOS's directory attribute
	}
	if mode&0o200 == 0 {
		r.external |= 0x01 // MS-DOS's read-only attribute
	}
	if !mod.IsZero() {
		r.mtime = uint32(mod.Unix())
		r.dosDate = uint16(mod.Day() + int(mod.Month())<<5 + (mod.Year()-1980)<<9)
		r.dosTime = uint16(mod.Second()/2 + mod.Minute()<<5 + mod.Hour()<<11)
	}
	if utf8.ValidString(name) && needsUTF8(name) {
		r.flags |= zipUTF8
	}
	return r
}

// unixMode is mode as Unix's st_mode, which zip's external attributes
// carry for entries made on Unix.
func unixMode(mode fs.FileMode) uint32 {
	m := uint32(0x8000) // a regular file
	if mode.IsDir() {
		m = 0x4000
	}
	return m | uint32(mode.Perm())
}

// needsUTF8 reports whether name holds what CP-437 readers would read
// otherwise: besides non-ASCII, the backslash and tilde, which Shift-JIS
// and EUC-KR readers show as currency signs, and control characters.
func needsUTF8(name string) bool {
	for _, r := range name {
		if r < 0x20 || r > 0x7d || r == 0x5c {
			return true
		}
	}
	return false
}

func (z *zipFile) write(p []byte) error {
	n, err := z.w.Write(p)
	z.off += uint64(n)
	return err
}

// local writes r's local header, with its CRC and sizes unless a data
// descriptor follows.
func (z *zipFile) local(r *zipRecord) error {
	r.offset = z.off
	b, err := r.localHeader(false)
	if err != nil {
		return err
	}
	return z.write(b)
}

// localHeader is r's local header, with its CRC and sizes unless a data
// descriptor follows; zip64 gives it ZIP64's extra field, which holds
// sizes of 4 GiB and more.
func (r *zipRecord) localHeader(zip64 bool) ([]byte, error) {
	if len(r.name) > uint16max {
		return nil, errZipName
	}
	b := make([]byte, zipLocalLen, zipLocalLen+len(r.name)+zipTimeExtraLen+zip64LocalExtraLen)
	le := binary.LittleEndian
	le.PutUint32(b, 0x04034b50)
	le.PutUint16(b[4:], r.version)
	le.PutUint16(b[6:], r.flags)
	le.PutUint16(b[8:], r.method)
	le.PutUint16(b[10:], r.dosTime)
	le.PutUint16(b[12:], r.dosDate)
	if r.flags&zipDescriptor == 0 {
		le.PutUint32(b[14:], r.crc)
		le.PutUint32(b[18:], uint32(min(r.csize, uint32max)))
		le.PutUint32(b[22:], uint32(min(r.usize, uint32max)))
	}
	le.PutUint16(b[26:], uint16(len(r.name)))
	b = append(b, r.name...)
	if r.mtime != 0 {
		b = timeExtra(b, r.mtime)
	}
	if zip64 {
		le.PutUint32(b[18:], uint32max)
		le.PutUint32(b[22:], uint32max)
		b = le.AppendUint16(b, zip64ExtraID)
		b = le.AppendUint16(b, 16)
		b = le.AppendUint64(b, r.usize)
		b = le.AppendUint64(b, r.csize)
	}
	le.PutUint16(b[28:], uint16(len(b)-zipLocalLen-len(r.name)))
	return b, nil
}

// timeExtra appends the extended timestamp field Info-ZIP writes: the
// last write time, in Unix seconds.
func timeExtra(b []byte, mtime uint32) []byte {
	b = binary.LittleEndian.AppendUint16(b, zipTimeExtraID)
	b = binary.LittleEndian.AppendUint16(b, 5)
	b = append(b, 1) // which times follow: the modification time
	return binary.LittleEndian.AppendUint32(b, mtime)
}

// whole writes an entry whose data (compressed by r's method, in parts)
// and CRC are known.
func (z *zipFile) whole(r zipRecord, data ...[]byte) error {
	if err := z.local(&r); err != nil {
		return err
	}
	z.dir.add(r)
	for _, p := range data {
		if err := z.write(p); err != nil {
			return err
		}
	}
	return nil
}

// zipStream is an entry whose data is written as it comes, its CRC and
// sizes in a data descriptor after it.
type zipStream struct {
	z    *zipFile
	r    zipRecord
	crc  uint32
	data uint64 // the offset its data starts at
}

// stream begins r's entry; what the caller writes to it goes into the
// zip as it is (compressed by r's method), and uncompressed tells end
// what it amounts to.
func (z *zipFile) stream(r zipRecord) (*zipStream, error) {
	r.flags |= zipDescriptor
	if err := z.local(&r); err != nil {
		return nil, err
	}
	return &zipStream{z: z, r: r, data: z.off}, nil
}

func (s *zipStream) Write(p []byte) (int, error) {
	n, err := s.z.w.Write(p)
	s.z.off += uint64(n)
	return n, err
}

// end writes the data descriptor of an entry whose data was crc and
// usize bytes uncompressed, and records the entry.
func (s *zipStream) end(crc uint32, usize uint64) error {
	r := s.r
	r.crc, r.usize, r.csize = crc, usize, s.z.off-s.data
	le := binary.LittleEndian
	b := le.AppendUint32(make([]byte, 0, zip64DescLen), 0x08074b50)
	b = le.AppendUint32(b, r.crc)
	if r.zip64() {
		r.version = zipVersion45
		b = le.AppendUint64(b, r.csize)
		b = le.AppendUint64(b, r.usize)
	} else {
		b = le.AppendUint32(b, uint32(r.csize))
		b = le.AppendUint32(b, uint32(r.usize))
	}
	s.z.dir.add(r)
	return s.z.write(b)
}

func (r *zipRecord) zip64() bool { return r.csize >= uint32max || r.usize >= uint32max }

// close writes the central directory and the end records, ZIP64's when
// the counts, sizes or offsets need them.
func (z *zipFile) close() error {
	start := z.off
	if err := z.dir.each(z.write); err != nil {
		return err
	}
	end := z.off
	records, size, offset := uint64(z.dir.n), end-start, start
	le := binary.LittleEndian
	var b []byte
	if records >= uint16max || size >= uint32max || offset >= uint32max {
		b = le.AppendUint32(b, 0x06064b50)
		b = le.AppendUint64(b, zip64EndLen-12) // what follows this field
		b = le.AppendUint16(b, zipVersion45)   // made by
		b = le.AppendUint16(b, zipVersion45)   // needed
		b = le.AppendUint32(b, 0)              // this disk
		b = le.AppendUint32(b, 0)              // the directory's disk
		b = le.AppendUint64(b, records)        // on this disk
		b = le.AppendUint64(b, records)
		b = le.AppendUint64(b, size)
		b = le.AppendUint64(b, offset)
		b = le.AppendUint32(b, 0x07064b50) // the locator
		b = le.AppendUint32(b, 0)
		b = le.AppendUint64(b, end)
		b = le.AppendUint32(b, 1) // disks
		records, size, offset = uint16max, uint32max, uint32max
	}
	b = le.AppendUint32(b, 0x06054b50)
	b = append(b, 0, 0, 0, 0) // this disk, the directory's disk
	b = le.AppendUint16(b, uint16(records))
	b = le.AppendUint16(b, uint16(records))
	b = le.AppendUint32(b, uint32(size))
	b = le.AppendUint32(b, uint32(offset))
	b = append(b, 0, 0) // comment length
	return z.write(b)
}

// appendCentral appends r's record in the central directory to b.
func (r *zipRecord) appendCentral(b []byte) []byte {
	le := binary.LittleEndian
	b = le.AppendUint32(b, 0x02014b50)
	b = le.AppendUint16(b, zipCreator)
	b = le.AppendUint16(b, r.version)
	b = le.AppendUint16(b, r.flags)
	b = le.AppendUint16(b, r.method)
	b = le.AppendUint16(b, r.dosTime)
	b = le.AppendUint16(b, r.dosDate)
	b = le.AppendUint32(b, r.crc)
	big := r.zip64() || r.offset >= uint32max
	if big {
		b = le.AppendUint32(b, uint32max)
		b = le.AppendUint32(b, uint32max)
	} else {
		b = le.AppendUint32(b, uint32(r.csize))
		b = le.AppendUint32(b, uint32(r.usize))
	}
	extra := 0
	if r.mtime != 0 {
		extra += zipTimeExtraLen
	}
	if big {
		extra += zip64ExtraLen
	}
	b = le.AppendUint16(b, uint16(len(r.name)))
	b = le.AppendUint16(b, uint16(extra))
	b = append(b, 0, 0, 0, 0, 0, 0) // comment length, disk, internal attributes
	b = le.AppendUint32(b, r.external)
	b = le.AppendUint32(b, uint32(min(r.offset, uint32max)))
	b = append(b, r.name...)
	if r.mtime != 0 {
		b = timeExtra(b, r.mtime)
	}
	if big {
		b = le.AppendUint16(b, zip64ExtraID)
		b = le.AppendUint16(b, 24)
		b = le.AppendUint64(b, r.usize)
		b = le.AppendUint64(b, r.csize)
		b = le.AppendUint64(b, r.offset)
	}
	return b
}
