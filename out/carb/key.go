package carb

import "strings"

// ptbEscapes are the Penn Treebank bracket escapes CaRB undoes, in its order.
var ptbEscapes = [...]struct{ plain, escaped string }{
	{"(", "-LRB-"}, {")", "-RRB-"},
	{"[", "-LSB-"}, {"]", "-RSB-"},
	{"{", "-LCB-"}, {"}", "-RCB-"},
}

// isPunct reports whether r is in Python's string.punctuation.
func isPunct(r rune) bool {
	return r < 0x80 && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", byte(r)) >= 0
}

// SentenceKey is the key CaRB matches sentences by: the text with spaces
// removed, Penn Treebank bracket escapes (-LRB- …) undone and ASCII
// punctuation removed. Other characters, including tabs and non-ASCII
// letters, are kept.
func SentenceKey(s string) string {
	s = strings.ReplaceAll(s, " ", "")
	if strings.Contains(s, "-") {
		for _, e := range ptbEscapes {
			s = strings.ReplaceAll(s, e.escaped, e.plain)
		}
	}
	return strings.Map(func(r rune) rune {
		if isPunct(r) {
			return -1
		}
		return r
	}, s)
}
