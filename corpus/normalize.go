package corpus

import (
	"strings"
	"unicode/utf8"
)

// Normalize prepares raw document text for the NLP without moving words
// around: it converts CRLF and lone CR to LF, turns vertical tab and form feed
// into LF, strips a byte-order mark, and removes zero-width characters
// (U+200B..U+200D, U+FEFF, U+2060) and control characters other than newline
// and tab. Quotes, dashes and all other characters are kept as they are.
// Text that needs none of this is returned without copying.
func Normalize(text string) string {
	i := firstSpecial(text)
	if i < 0 {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	b.WriteString(text[:i])
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\r':
				b.WriteByte('\n')
				if i+1 < len(text) && text[i+1] == '\n' {
					i++
				}
			case c == '\v' || c == '\f':
				b.WriteByte('\n')
			case c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f):
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		if !dropRune(r) {
			// Invalid bytes are copied as they are: validity is the
			// reader's business, not the normaliser's.
			b.WriteString(text[i : i+n])
		}
		i += n
	}
	return b.String()
}

// firstSpecial returns the index of the first byte Normalize may change, or -1.
func firstSpecial(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20:
			if c != '\n' && c != '\t' {
				return i
			}
		case c == 0x7f:
			return i
		case c == 0xc2, c == 0xe2, c == 0xef:
			// C1 controls start with 0xC2; the zero-width characters with
			// 0xE2 (U+200B..U+2060) or 0xEF (U+FEFF).
			r, _ := utf8.DecodeRuneInString(s[i:])
			if dropRune(r) {
				return i
			}
		}
	}
	return -1
}

// dropRune reports whether Normalize removes r.
func dropRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f: // C1 controls
		return true
	case r >= 0x200b && r <= 0x200d, r == 0xfeff, r == 0x2060:
		return true
	}
	return false
}
