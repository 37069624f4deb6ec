package inf

import "strings"

// stringTable gathers the %strkey% values. Windows takes them from the
// [Strings.LanguageID] section of the machine's language when there is
// one, else from [Strings]; an image read here has no machine, so the
// neutral [Strings] comes first, then [Strings.0409] (US English, the
// language most INF files are written in) for what it lacks, then the
// other [Strings.xxxx] sections in file order. A key's value is its
// line's first field, as SetupAPI takes it.
func stringTable(f *File) map[string]string {
	t := map[string]string{}
	add := func(s *Section) {
		for _, e := range s.Entries {
			if k := strings.ToLower(e.Key); e.HasKey && len(e.Values) > 0 {
				if _, ok := t[k]; !ok {
					t[k] = e.Values[0]
				}
			}
		}
	}
	for _, name := range []string{"strings", "strings.0409"} {
		if s := f.byName[name]; s != nil {
			add(s)
		}
	}
	for _, s := range f.Sections {
		if n := strings.ToLower(s.Name); strings.HasPrefix(n, "strings.") && n != "strings.0409" {
			add(s)
		}
	}
	return t
}

// Expand replaces the %strkey% tokens of a value by their strings, in
// one pass as SetupAPI does: a string is not expanded again, so strings
// that name each other (%a% = "%b%", %b% = "%a%") cannot loop or grow.
// "%%" is a percent sign; a token with no string, and a '%' never
// closed, stay as written. The result is cut at MaxField characters,
// SetupAPI's limit for a string built from tokens.
func (f *File) Expand(v string) string {
	if strings.IndexByte(v, '%') < 0 {
		return v
	}
	var b strings.Builder
	n := 0
	write := func(s string) {
		for _, r := range s {
			if n == MaxField {
				return
			}
			b.WriteRune(r)
			n++
		}
	}
	for n < MaxField {
		i := strings.IndexByte(v, '%')
		if i < 0 {
			write(v)
			break
		}
		write(v[:i])
		j := strings.IndexByte(v[i+1:], '%')
		if j < 0 {
			write(v[i:])
			break
		}
		key := v[i+1 : i+1+j]
		if s, ok := f.strs[strings.ToLower(key)]; key == "" {
			write("%")
		} else if ok {
			write(s)
		} else {
			write(v[i : i+j+2])
		}
		v = v[i+j+2:]
	}
	return b.String()
}
