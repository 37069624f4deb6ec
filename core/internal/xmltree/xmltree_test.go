package xmltree

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The reading of WIM documents is held to encoding/xml's in core/wim
// (TestXMLAsEncodingXMLReadIt, FuzzParseXML); these test what that
// comparison cannot see.

func TestTree(t *testing.T) {
	e, err := Parse("<?xml version='1.0'?>\n<a:R x='1' b:y=\"&lt;2\">t<C/>u<D><E>v</E></D></a:R>")
	require.NoError(t, err)
	require.Equal(t, &Element{Name: "R", Attr: []Attr{{"x", "1"}, {"y", "<2"}}, Text: "tu", Children: []*Element{
		{Name: "C"},
		{Name: "D", Children: []*Element{{Name: "E", Text: "v"}}},
	}}, e)
}

func TestErrorsSayTheLine(t *testing.T) {
	_, err := Parse("<R>\n<A>\n</B>\n</R>")
	require.EqualError(t, err, "XML syntax error on line 3: element <A> closed by </B>")
}

// A hostile document nests without end: the reader stops at a depth,
// with its stack of open elements bounded.
func TestDepthIsBounded(t *testing.T) {
	_, err := Parse(strings.Repeat("<a>", 3*maxDepth))
	require.ErrorContains(t, err, "exceeded max depth")
	_, err = Parse(strings.Repeat("<a>", maxDepth) + strings.Repeat("</a>", maxDepth))
	require.NoError(t, err)
}

// Text cut in many pieces adds up in linear time: a hostile document of
// a few MB must not take quadratic time.
func TestManyTextPiecesAddUp(t *testing.T) {
	const n = 400000
	e, err := Parse("<a>" + strings.Repeat("x<!---->", n) + "</a>")
	require.NoError(t, err)
	require.Equal(t, strings.Repeat("x", n), e.Text)
}

func TestElementsAreCapped(t *testing.T) {
	doc := "<R>" + strings.Repeat("<a/>", 10) + "</R>"
	_, err := ParseCapped(doc, 11)
	require.NoError(t, err)
	_, err = ParseCapped(doc, 10)
	require.EqualError(t, err, "XML syntax error on line 1: more than 10 elements")
}
