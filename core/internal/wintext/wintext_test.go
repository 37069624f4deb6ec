package wintext

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wimlens/wimlens/core/inputerr"
)

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       string
		unmarked Encoding
		want     string
		enc      Encoding
	}{
		{"UTF-16LE with its mark", "\xff\xfeA\x00\xe9\x00=\xd8\x00\xde", UTF8, "Aé\U0001f600", UTF16LE},
		{"UTF-16LE without a mark", "[\x00V\x00]\x00", Windows1252, "[V]", UTF16LE},
		{"UTF-8 with its mark", "\xef\xbb\xbfCaf\xc3\xa9", Windows1252, "Café", UTF8},
		{"ANSI", "Caf\xe9 \x80 \x99 \x81", Windows1252, "Café € ™ \u0081", Windows1252},
		{"unmarked UTF-8", "Caf\xc3\xa9", UTF8, "Café", UTF8},
		{"empty", "", Windows1252, "", Windows1252},
	} {
		s, enc, err := Decode([]byte(tc.in), tc.unmarked)
		require.NoError(t, err, tc.name)
		require.Equal(t, tc.want, s, tc.name)
		require.Equal(t, tc.enc, enc, tc.name)
	}
}

func TestDecodeRefuses(t *testing.T) {
	for _, tc := range []struct {
		in, msg string
		off     int64
	}{
		{"\xff\xfeA\x00\x00\xd8B\x00", "not UTF-16LE text: an unpaired surrogate 0xd800 at byte 4", 4},
		{"\xff\xfeA\x00\x00\xdc", "not UTF-16LE text: an unpaired surrogate 0xdc00 at byte 4", 4},
		{"\xff\xfeA\x00\x00\xd8", "not UTF-16LE text: an unpaired surrogate 0xd800 at byte 4", 4},
		{"\xff\xfeA\x00B", "not UTF-16LE text: an odd number of bytes at byte 4", 4},
		{"\xef\xbb\xbfab\xff", "not UTF-8 text: the byte 0xff at byte 5", 5},
	} {
		_, _, err := Decode([]byte(tc.in), UTF8)
		require.EqualError(t, err, tc.msg)
		require.ErrorIs(t, err, ErrNotText)
		var e *inputerr.Error
		require.ErrorAs(t, err, &e)
		require.Equal(t, tc.off, e.Offset)
	}
}
