package registry

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/wimlens/wimlens/core/hive"
	"github.com/wimlens/wimlens/core/view"
)

// Describe is k with its values, and its subkeys when subkeys is true;
// file is the hive file's path in the image. What cannot be read of it
// is its Error, or a value's.
func Describe(k *hive.Key, file string, subkeys bool) view.RegKey {
	out := view.RegKey{Path: k.Path(), File: file, LastWritten: view.TimeText(k.LastWritten.Time()),
		Subkeys: []view.RegSubkey{}, Values: []view.RegValue{}}
	var errs []error
	class, err := k.Class()
	out.Class = class
	errs = append(errs, err)
	if subkeys {
		subs, err := k.Subkeys()
		for _, s := range subs {
			out.Subkeys = append(out.Subkeys, Subkey(s))
		}
		errs = append(errs, err)
	}
	vals, err := k.Values()
	for _, v := range vals {
		out.Values = append(out.Values, Value(v))
	}
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		out.Error = view.DescribeError(err)
	}
	return out
}

// Subkey is k as its parent's list shows it.
func Subkey(k *hive.Key) view.RegSubkey {
	return view.RegSubkey{Name: k.Name, Subkeys: int64(k.SubkeyCount), Values: int64(k.ValueCount), LastWritten: view.TimeText(k.LastWritten.Time())}
}

// Value is v with its data decoded by its type.
func Value(v *hive.Value) view.RegValue {
	out := view.RegValue{Name: v.Name, Type: v.Type.String(), Size: v.Size()}
	var err error
	switch v.Type {
	case hive.SZ, hive.ExpandSZ, hive.Link:
		var s string
		if s, err = v.String(); err == nil {
			out.Text = &s
		}
	case hive.MultiSZ:
		out.Strings, err = v.Strings()
	case hive.DWord, hive.DWordBigEndian, hive.QWord:
		var n uint64
		if n, err = v.Uint(); err == nil {
			digits := 8
			if v.Type == hive.QWord {
				digits = 16
			}
			out.Decimal, out.Hex = strconv.FormatUint(n, 10), fmt.Sprintf("0x%0*x", digits, n)
		}
	default:
		var b []byte
		if b, err = v.Data(); err == nil {
			out.Cut = len(b) > view.RegShownBytes
			out.Hex = hex.EncodeToString(b[:min(len(b), view.RegShownBytes)])
		}
	}
	if err != nil {
		out.Error = view.DescribeError(err)
	}
	return out
}

// Search walks the hive below k for keys and values whose names hold
// query, ignoring case, up to limit hits. The walk is the hive's: each
// key once, its depth and reads bounded; keys it cannot read are passed
// by (the first error is the search's). It stops when ctx is done.
func Search(ctx context.Context, k *hive.Key, query string, limit int) (view.RegSearch, error) {
	out := view.RegSearch{Query: query, Hits: []view.RegHit{}}
	q := strings.ToLower(query)
	if q == "" {
		return out, nil
	}
	root := k.Path()
	rel := func(p string) string { return strings.TrimPrefix(strings.TrimPrefix(p, root), `\`) }
	var first error
	stop := errors.New("enough")
	hit := func(h view.RegHit) error {
		if len(out.Hits) == limit {
			out.More = true
			return stop
		}
		out.Hits = append(out.Hits, h)
		return nil
	}
	seen := map[*hive.Key]bool{}
	err := k.Walk(func(key *hive.Key, err error) error {
		if err != nil && first == nil {
			first = err
		}
		// Walk gives a key again with each error below it: its own
		// names are looked at once.
		if seen[key] {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		seen[key] = true
		out.Keys++
		if key != k && strings.Contains(strings.ToLower(key.Name), q) {
			if err := hit(view.RegHit{Path: rel(key.Path())}); err != nil {
				return err
			}
		}
		vals, err := key.Values()
		if err != nil && first == nil {
			first = err
		}
		for _, v := range vals {
			if strings.Contains(strings.ToLower(v.Name), q) {
				if err := hit(view.RegHit{Path: rel(key.Path()), Value: v.Name, IsValue: true}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err := ctx.Err(); err != nil {
		return out, err
	}
	if err != nil && err != stop && first == nil {
		first = err
	}
	if first != nil {
		out.Error = view.DescribeError(first)
	}
	return out, nil
}
