package windiff

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/wimlens/wimlens/core/hive"
	"github.com/wimlens/wimlens/core/meta"
	"github.com/wimlens/wimlens/core/regdiff"
	"github.com/wimlens/wimlens/core/view"
	"github.com/wimlens/wimlens/core/windows"
)

// ErrHiveTooLarge is a hive larger than Limits.HiveSize.
var ErrHiveTooLarge = fmt.Errorf("hive too large to compare")

// registry compares each hive windows.Hives names. Hives whose files hold
// the same bytes (the same SHA-1, which the archive stores) are not read.
// Each hive is read whole into memory first: the comparison visits every
// key of both, in name order rather than file order, and the archive's
// chunk cache would decode the same chunks again and again.
func registry(ctx context.Context, og, ng *windows.Reading, lim Limits) ([]view.WinHiveDiff, error) {
	out := []view.WinHiveDiff{}
	for _, h := range windows.Hives {
		d := view.WinHiveDiff{Hive: h.Name, Changes: []view.WinRegChange{}, Problems: []view.ErrorInfo{}, Limit: lim.Registry.Changes}
		of, nf := og.File(h.Path), ng.File(h.Path)
		switch {
		case of == nil && nf == nil:
			continue
		case nf != nil:
			d.File = winPath(nf)
		default:
			d.File = winPath(of)
		}
		switch {
		case of == nil || nf == nil:
			side := "old"
			if nf == nil {
				side = "new"
			}
			d.Error = view.DescribeError(fmt.Errorf("the %s image has no %s hive (%s): %w", side, h.Name, d.File, windows.ErrNotFound))
		case sameData(of, nf):
			d.Identical = true
		default:
			oh, err := openHive(of, h.Name, lim.HiveSize)
			var nh *hive.Hive
			if err == nil {
				nh, err = openHive(nf, h.Name, lim.HiveSize)
			}
			if err != nil {
				d.Error = view.DescribeError(err)
				break
			}
			regdiff.Compare(ctx, oh, nh, lim.Registry, &d)
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		out = append(out, d)
	}
	return out, nil
}

func sameData(a, b *meta.File) bool {
	da, db := a.Data(), b.Data()
	return da != nil && db != nil && !da.Hash.IsZero() && da.Hash == db.Hash
}

// openHive reads a hive file whole, at most max bytes, and opens it.
func openHive(f *meta.File, name string, max int64) (*hive.Hive, error) {
	if f.IsDir() {
		return nil, fmt.Errorf("%s is a directory", winPath(f))
	}
	if f.Size() > max {
		return nil, fmt.Errorf("%s: %w: it is %d bytes; at most %d are read", winPath(f), ErrHiveTooLarge, f.Size(), max)
	}
	s, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", winPath(f), err)
	}
	b := make([]byte, s.Size())
	if n, err := s.ReadAt(b, 0); n < len(b) {
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("%s: %w", winPath(f), err)
	}
	h, err := hive.OpenBytes(b, `HKLM\`+name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", winPath(f), err)
	}
	return h, nil
}

// winPath is a file's path in Windows' form, without a leading `\`, as
// the reports write paths.
func winPath(f *meta.File) string {
	return strings.ReplaceAll(strings.TrimPrefix(f.Path(), "/"), "/", `\`)
}
