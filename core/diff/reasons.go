package diff

import (
	"bytes"
	"slices"

	"github.com/wimlens/wimlens/core/digest"
	"github.com/wimlens/wimlens/core/meta"
)

// Reasons a Change lists, in this order. Named streams carry their name
// after the colon, the way NTFS writes "file:stream".
//
// Not compared: hard-link group IDs and object IDs, which any recapture
// renumbers, wimlib's reparse-fixup flags, and Linux xattrs.
const (
	ReasonContent       = "content"         // the unnamed data, or an encrypted file's raw data
	ReasonStream        = "stream:"         // + name: a named stream's content
	ReasonStreamAdded   = "stream-added:"   // + name
	ReasonStreamRemoved = "stream-removed:" // + name
	ReasonReparse       = "reparse"         // reparse tag or reparse data
	ReasonAttributes    = "attributes"
	ReasonShortName     = "short-name"    // only when the long name is the same: a rename renames both
	ReasonSecurity      = "security"      // the security descriptor's bytes
	ReasonUnix          = "unix"          // wimlib's UNIX owner, group, mode or device
	ReasonCreation      = "creation-time" // times count with Options.Times only
	ReasonLastWrite     = "last-write-time"
	ReasonLastAccess    = "last-access-time"
)

// reasons lists what differs between two sides of one entry.
func reasons(o, n *meta.File, opt Options) []string {
	var why []string
	if !sameStreams(o.Streams, n.Streams) {
		why = streamReasons(why, o, n)
	}
	if o.ReparseTag != n.ReparseTag || hash(o, meta.StreamReparse) != hash(n, meta.StreamReparse) {
		why = append(why, ReasonReparse)
	}
	if o.Attributes != n.Attributes {
		why = append(why, ReasonAttributes)
	}
	if o.ShortName != n.ShortName && o.Name == n.Name {
		why = append(why, ReasonShortName)
	}
	if !bytes.Equal(o.SecurityDescriptor(), n.SecurityDescriptor()) {
		why = append(why, ReasonSecurity)
	}
	if ou, nu := o.Unix(), n.Unix(); (ou == nil) != (nu == nil) || ou != nil && *ou != *nu {
		why = append(why, ReasonUnix)
	}
	if opt.Times {
		for _, t := range []struct {
			o, n meta.Filetime
			why  string
		}{{o.Creation, n.Creation, ReasonCreation}, {o.LastWrite, n.LastWrite, ReasonLastWrite}, {o.LastAccess, n.LastAccess, ReasonLastAccess}} {
			if t.o != t.n {
				why = append(why, t.why)
			}
		}
	}
	return why
}

// sameStreams is the quick test that settles almost every unchanged file.
func sameStreams(a, b []meta.Stream) bool {
	return slices.EqualFunc(a, b, func(x, y meta.Stream) bool {
		return x.Name == y.Name && x.Type == y.Type && x.Hash == y.Hash
	})
}

// streamReasons appends what differs in the streams: unnamed content,
// then named streams by name, in name order.
func streamReasons(why []string, o, n *meta.File) []string {
	if hash(o, meta.StreamData) != hash(n, meta.StreamData) || hash(o, meta.StreamEFS) != hash(n, meta.StreamEFS) {
		why = append(why, ReasonContent)
	}
	on, nn := named(o), named(n)
	names := make([]string, 0, len(on)+len(nn))
	for name := range on {
		names = append(names, name)
	}
	for name := range nn {
		if _, ok := on[name]; !ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		oh, inOld := on[name]
		nh, inNew := nn[name]
		switch {
		case !inOld:
			why = append(why, ReasonStreamAdded+name)
		case !inNew:
			why = append(why, ReasonStreamRemoved+name)
		case oh != nh:
			why = append(why, ReasonStream+name)
		}
	}
	return why
}

// hash is the unnamed stream of type t's hash; zero when there is none,
// which is how WIM writes an empty stream too.
func hash(f *meta.File, t meta.StreamType) digest.SHA1 {
	for _, s := range f.Streams {
		if s.Type == t && s.Name == "" {
			return canonical(s.Hash)
		}
	}
	return digest.SHA1{}
}

// emptyData is the SHA-1 of no bytes, which a writer may store for an
// empty stream instead of the zero hash.
var emptyData, _ = digest.Parse("da39a3ee5e6b4b0d3255bfef95601890afd80709")

// canonical names every empty stream by the zero hash.
func canonical(h digest.SHA1) digest.SHA1 {
	if h == emptyData {
		return digest.SHA1{}
	}
	return h
}

// named maps a file's named streams to their hashes; a duplicated name
// keeps its first stream, as meta's lookups do.
func named(f *meta.File) map[string]digest.SHA1 {
	m := map[string]digest.SHA1{}
	for _, s := range f.Streams {
		if _, dup := m[s.Name]; s.Name != "" && !dup {
			m[s.Name] = canonical(s.Hash)
		}
	}
	return m
}

// content is the unnamed data's hash, when there is data to pair by.
func content(f *meta.File) (digest.SHA1, bool) {
	h := hash(f, meta.StreamData)
	return h, !f.IsDir() && !h.IsZero()
}
