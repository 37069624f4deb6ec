// Package peinfo reads what Explorer's Properties shows about a Windows
// executable (PE/COFF: .exe, .dll, .sys, .efi): its machine, subsystem,
// version resource and the names in its Authenticode signature.
//
// It is not debug/pe: debug/pe's NewFile reads the COFF symbol and string
// tables whole (they sit at the end of MinGW-built files, so inside a WIM
// that means decompressing the file's last chunks too), while a version
// must be cheap to read for every PE file of two images. Open reads the
// headers and section table only; Version reads the resource directory
// path to RT_VERSION and that resource; Signatures reads the certificate
// table. Every size is checked against the file before anything is read.
//
// Signatures reports names, never trust: nothing is verified.
package peinfo

import (
	"encoding/binary"
	"io"
)

// File is a PE file whose headers have been read.
type File struct {
	r    io.ReaderAt
	size int64

	Machine            uint16 // IMAGE_FILE_HEADER.Machine; MachineName says it in a word
	PE32Plus           bool   // optional header magic 0x20b (64-bit layout), else 0x10b
	Characteristics    uint16 // IMAGE_FILE_HEADER.Characteristics (0x2000: a DLL)
	TimeDateStamp      uint32 // seconds since 1970, or a build hash in reproducible builds
	Subsystem          uint16 // optional header Subsystem; SubsystemName says it in words
	DllCharacteristics uint16
	Sections           []Section

	dirs    []dataDir // the data directories present
	dirsOff int64     // their file offset
}

// Section is an entry of the section table.
type Section struct {
	Name           string // up to 8 bytes, as stored (hostile)
	VirtualAddress uint32
	VirtualSize    uint32
	Offset         uint32 // PointerToRawData
	Size           uint32 // SizeOfRawData
}

type dataDir struct{ addr, size uint32 }

// Data directory indexes (PE/COFF specification, "Optional Header Data Directories").
const (
	dirResource = 2
	dirSecurity = 4 // its address is a file offset, not an RVA
)

const (
	dosHeaderSize   = 64
	coffHeaderSize  = 20
	sectionHdrSize  = 40
	imageFileDLL    = 0x2000
	magicPE32       = 0x10b
	magicPE32Plus   = 0x20b
	magicROM        = 0x107
	subsystemOffset = 68 // same place in both layouts
)

// Open reads the DOS header, the PE headers and the section table of the
// size bytes of r. A file that is not PE gives an error wrapping ErrNotPE.
func Open(r io.ReaderAt, size int64) (*File, error) {
	f := &File{r: r, size: size}
	dos, err := f.read(0, dosHeaderSize, ErrNotPE, "not a PE file: it is %d bytes, too short for an MZ header", size)
	if err != nil {
		return nil, err
	}
	if dos[0] != 'M' || dos[1] != 'Z' {
		return nil, formatErr(ErrNotPE, 0, "not a PE file: it does not start with MZ")
	}
	peOff := int64(binary.LittleEndian.Uint32(dos[0x3c:]))
	hdr, err := f.read(peOff, 4+coffHeaderSize, ErrNotPE,
		"not a PE file: its PE header offset 0x%x points past the end of the file (%d bytes)", peOff, size)
	if err != nil {
		return nil, err
	}
	if string(hdr[:4]) != "PE\x00\x00" {
		return nil, formatErr(ErrNotPE, peOff, "not a PE file: an MZ file without the PE signature (an MS-DOS or NE/LE program?)")
	}
	coff := hdr[4:]
	f.Machine = binary.LittleEndian.Uint16(coff[0:])
	nsec := int(binary.LittleEndian.Uint16(coff[2:]))
	f.TimeDateStamp = binary.LittleEndian.Uint32(coff[4:])
	optSize := int(binary.LittleEndian.Uint16(coff[16:]))
	f.Characteristics = binary.LittleEndian.Uint16(coff[18:])

	optOff := peOff + 4 + coffHeaderSize
	if optSize < 2 {
		return nil, formatErr(ErrFormat, optOff, "the optional header is %d bytes, too short for its magic (an object file, not an image?)", optSize)
	}
	opt, err := f.read(optOff, optSize, ErrTruncated, "the optional header (%d bytes) ends past the end of the file (%d bytes)", optSize, size)
	if err != nil {
		return nil, err
	}
	var dirStart, countAt int
	switch magic := binary.LittleEndian.Uint16(opt); magic {
	case magicPE32:
		dirStart, countAt = 96, 92
	case magicPE32Plus:
		f.PE32Plus = true
		dirStart, countAt = 112, 108
	case magicROM:
		return nil, formatErr(ErrFormat, optOff, "a ROM image (optional header magic 0x107), which has no subsystem or resources")
	default:
		return nil, formatErr(ErrFormat, optOff, "the optional header magic is 0x%x, neither PE32 (0x10b) nor PE32+ (0x20b)", magic)
	}
	if optSize >= subsystemOffset+4 {
		f.Subsystem = binary.LittleEndian.Uint16(opt[subsystemOffset:])
		f.DllCharacteristics = binary.LittleEndian.Uint16(opt[subsystemOffset+2:])
	}
	if optSize >= countAt+4 {
		// The header's count is trusted only as far as the header's size reaches.
		n := int(min(binary.LittleEndian.Uint32(opt[countAt:]), 16))
		n = min(n, max(optSize-dirStart, 0)/8)
		f.dirsOff = optOff + int64(dirStart)
		for i := range n {
			d := opt[dirStart+8*i:]
			f.dirs = append(f.dirs, dataDir{binary.LittleEndian.Uint32(d), binary.LittleEndian.Uint32(d[4:])})
		}
	}

	secOff := optOff + int64(optSize)
	tab, err := f.read(secOff, nsec*sectionHdrSize, ErrTruncated,
		"the section table (%d sections) ends past the end of the file (%d bytes)", nsec, size)
	if err != nil {
		return nil, err
	}
	f.Sections = make([]Section, nsec)
	for i := range f.Sections {
		s := tab[i*sectionHdrSize:]
		name := s[:8]
		for j, c := range name {
			if c == 0 {
				name = name[:j]
				break
			}
		}
		f.Sections[i] = Section{
			Name:           string(name),
			VirtualSize:    binary.LittleEndian.Uint32(s[8:]),
			VirtualAddress: binary.LittleEndian.Uint32(s[12:]),
			Size:           binary.LittleEndian.Uint32(s[16:]),
			Offset:         binary.LittleEndian.Uint32(s[20:]),
		}
	}
	return f, nil
}

// IsDLL says whether the file header marks the image a DLL.
func (f *File) IsDLL() bool { return f.Characteristics&imageFileDLL != 0 }

// Format is "PE32+" for the 64-bit optional header, else "PE32".
func (f *File) Format() string {
	if f.PE32Plus {
		return "PE32+"
	}
	return "PE32"
}

// HasSignature says whether the file carries a certificate table (an
// embedded Authenticode signature). A file signed only through a catalog
// (most of Windows' own files) has none.
func (f *File) HasSignature() bool {
	d := f.dir(dirSecurity)
	return d.addr != 0 && d.size != 0
}

func (f *File) dir(i int) dataDir {
	if i < len(f.dirs) {
		return f.dirs[i]
	}
	return dataDir{}
}

// read returns n bytes at off, or an error of kind made from the message
// when they are not all inside the file. n is checked before allocating.
func (f *File) read(off int64, n int, kind error, format string, args ...any) ([]byte, error) {
	if off < 0 || n < 0 || off > f.size || int64(n) > f.size-off {
		return nil, formatErr(kind, off, format, args...)
	}
	buf := make([]byte, n)
	if m, err := f.r.ReadAt(buf, off); m < n {
		return nil, formatErr(ErrTruncated, off, "reading %d bytes: %v", n, err)
	}
	return buf, nil
}

// section locates n bytes at rva in the file: the section holding them and
// their file offset. what names the structure for the error, from is the
// file offset of what points to it.
func (f *File) section(rva, n uint32, what string, from int64) (int64, *Section, error) {
	for i := range f.Sections {
		s := &f.Sections[i]
		span := max(s.VirtualSize, s.Size)
		if rva < s.VirtualAddress || rva-s.VirtualAddress >= span {
			continue
		}
		rel := rva - s.VirtualAddress
		off := int64(s.Offset) + int64(rel)
		end := int64(s.Offset) + int64(s.Size)
		if int64(rel)+int64(n) > int64(s.Size) {
			return off, s, formatErr(ErrTruncated, off,
				"%s (RVA 0x%x, %d bytes) ends past the end of section \"%s\"'s data in the file (section ends at offset 0x%x)",
				what, rva, n, s.Name, end)
		}
		if end > f.size {
			return off, s, formatErr(ErrTruncated, off,
				"%s is in section \"%s\", whose data ends at offset 0x%x, past the end of the file (%d bytes)",
				what, s.Name, end, f.size)
		}
		return off, s, nil
	}
	return 0, nil, formatErr(ErrFormat, from, "%s (RVA 0x%x, %d bytes), pointed to from here, is in no section", what, rva, n)
}
