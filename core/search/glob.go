package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A glob is a list of tokens, matched against a whole name or path.
type token struct {
	kind  tokenKind
	folds []rune // tokLiteral: the character and those equal to it ignoring case
}

type tokenKind uint8

const (
	tokLiteral tokenKind = iota
	tokOne               // ?: one character but '/'
	tokStar              // *: a run of characters but '/'
	tokAny               // **: any run of characters
	tokSkip3             // matches nothing; who reaches it may go on past it and the two tokens after it
)

// slashLiteral is the literal '/'.
var slashLiteral = token{kind: tokLiteral, folds: []rune{'/'}}

// parseGlob reads a glob's tokens. Every character but the wildcards
// stands for itself, ignoring case as regexp's (?i) does; an invalid
// UTF-8 byte stands for U+FFFD, as it does in what is matched.
func parseGlob(query string) []token {
	toks := make([]token, 0, len(query)) // not nil: an empty glob matches only the empty name
	for i := 0; i < len(query); {
		switch {
		case strings.HasPrefix(query[i:], "**/"):
			// Nothing, or any run then '/'.
			toks = append(toks, token{kind: tokSkip3}, token{kind: tokAny}, slashLiteral)
			i += 3
		case strings.HasPrefix(query[i:], "**"):
			toks = append(toks, token{kind: tokAny})
			i += 2
		case query[i] == '*':
			toks = append(toks, token{kind: tokStar})
			i++
		case query[i] == '?':
			toks = append(toks, token{kind: tokOne})
			i++
		default:
			r, size := utf8.DecodeRuneInString(query[i:])
			folds := []rune{r}
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				folds = append(folds, f)
			}
			toks = append(toks, token{kind: tokLiteral, folds: folds})
			i += size
		}
	}
	return toks
}

// matchGlob reports whether all of s matches toks. It follows every way
// of matching at once, as a set of token positions, so its time grows
// with len(s) × len(toks) whatever the pattern: a hostile query cannot
// make a search explode.
func matchGlob(toks []token, s string) bool {
	var small [2][4]uint64
	w := (len(toks) + 64) / 64
	cur, next := small[0][:min(w, 4)], small[1][:min(w, 4)]
	if w > 4 {
		cur, next = make([]uint64, w), make([]uint64, w)
	}
	set := func(b []uint64, i int) { b[i>>6] |= 1 << (i & 63) }
	has := func(b []uint64, i int) bool { return b[i>>6]>>(i&63)&1 != 0 }
	// Tokens that may match nothing: whoever reaches one reaches the next
	// (and tokSkip3's third).
	skip := func(b []uint64) {
		for i, t := range toks {
			if t.kind >= tokStar && has(b, i) {
				set(b, i+1)
				if t.kind == tokSkip3 {
					set(b, i+3)
				}
			}
		}
	}
	set(cur, 0)
	skip(cur)
	for _, c := range s {
		clear(next)
		live := false
		for i, t := range toks {
			if !has(cur, i) {
				continue
			}
			switch t.kind {
			case tokLiteral:
				if slices.Contains(t.folds, c) {
					set(next, i+1)
					live = true
				}
			case tokOne:
				if c != '/' {
					set(next, i+1)
					live = true
				}
			case tokStar:
				if c != '/' {
					set(next, i)
					live = true
				}
			case tokAny:
				set(next, i)
				live = true
			}
		}
		if !live {
			return false
		}
		skip(next)
		cur, next = next, cur
	}
	return has(cur, len(toks))
}
