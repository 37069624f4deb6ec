package search

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// globRegexp is the regexp a glob stands for: what Compile built before it
// matched globs itself, and still the definition of their meaning.
func globRegexp(query string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?is)^`)
	for i := 0; i < len(query); {
		switch {
		case strings.HasPrefix(query[i:], "**/"):
			b.WriteString(`(?:.*/)?`)
			i += 3
		case strings.HasPrefix(query[i:], "**"):
			b.WriteString(`.*`)
			i += 2
		case query[i] == '*':
			b.WriteString(`[^/]*`)
			i++
		case query[i] == '?':
			b.WriteString(`[^/]`)
			i++
		default:
			j := i + 1
			for j < len(query) && query[j] != '*' && query[j] != '?' {
				j++
			}
			b.WriteString(regexp.QuoteMeta(query[i:j]))
			i = j
		}
	}
	b.WriteString(`$`)
	return regexp.MustCompile(b.String())
}

// matchGlob must agree with the regexp on random globs and names built
// from wildcards, slashes, characters that fold (K and the Kelvin sign,
// s and the long s), a newline, regexp's own metacharacters and an
// invalid byte.
func TestGlobMatchesItsRegexp(t *testing.T) {
	pieces := []string{"*", "**", "**/", "?", "/", "a", "A", "b", "k", "K", "\u212a", "s", "\u017f", "é", "É", ".", "[", "\n", "\xff", "\ufffd"}
	rng := rand.New(rand.NewPCG(3, 4))
	// Globs hold no invalid byte: regexp would not compile them.
	word := func(n int, glob bool) string {
		var b strings.Builder
		for range n {
			p := pieces[rng.IntN(len(pieces))]
			for glob && p == "\xff" || !glob && strings.ContainsAny(p, "*?") {
				p = pieces[rng.IntN(len(pieces))]
			}
			b.WriteString(p)
		}
		return b.String()
	}
	for range 3000 {
		query := word(rng.IntN(7), true)
		re, toks := globRegexp(query), parseGlob(query)
		for range 30 {
			s := word(rng.IntN(9), false)
			if got, want := matchGlob(toks, s), re.MatchString(s); got != want {
				t.Fatalf("glob %q on %q: %v, regexp says %v", query, s, got, want)
			}
		}
	}
	// An invalid byte in a glob, which regexp refused, stands for U+FFFD.
	if !matchGlob(parseGlob("a\xff*"), "a\ufffdb") || !matchGlob(parseGlob("a\xff"), "a\xff") {
		t.Error("an invalid byte in a glob")
	}
	long := strings.Repeat("a*", 200) + "b" // more tokens than the bitset on the stack holds
	if !matchGlob(parseGlob(long), strings.Repeat("a", 300)+"b") || matchGlob(parseGlob(long), strings.Repeat("a", 300)) {
		t.Error("a glob of 401 tokens")
	}
}
