package carb

import (
	"math"
	"testing"
)

func ex(rel string, args ...string) Extraction {
	return Extraction{Sentence: "s", Confidence: 1, Relation: rel, Args: args}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name       string
		gold, pred Extraction
		prec, rec  float64
	}{
		{"exact", ex("met", "Kerry", "Lavrov"), ex("met", "Kerry", "Lavrov"), 1, 1},
		{"no shared relation word", ex("met", "Kerry", "Lavrov"), ex("saw", "Kerry", "Lavrov"), 0, 0},
		{"partial relation", ex("met with", "Kerry", "Lavrov"), ex("met", "Kerry", "Lavrov"), 1, 3.0 / 4},
		{"be matches is", ex("is", "Kerry", "secretary"), ex("be", "Kerry", "the secretary"), 3.0 / 4, 1},
		{"be matches was", ex("was", "Kerry", "there"), ex("will be", "Kerry", "there"), 3.0 / 4, 1},
		{"be needs a form of be", ex("has", "Kerry", "a plan"), ex("be", "Kerry", "a plan"), 0, 0},
		{"be counted once", ex("is being", "it", "built"), ex("be be", "it", "built"), 3.0 / 4, 3.0 / 4},
		{"missing arg2", ex("met", "Kerry", "Lavrov"), ex("met", "Kerry"), 0, 0},
		{"missing arg1", ex("met", "Kerry", "Lavrov"), ex("met"), 0, 0},
		{"prediction args beyond gold's ignored", ex("is"), ex("is", "Kerry", "here"), 1, 1},
		{"empty arg2 words", ex("met", "Kerry", "Lavrov"), ex("met", "Kerry", ""), 1, 2.0 / 3},
		{"each predicted word used once", ex("met", "the man", "the the woman"), ex("met", "the man", "the woman"), 1, 5.0 / 6},
		{"repeated predicted word", ex("met", "the man", "the woman"), ex("met", "the man", "the the woman"), 5.0 / 6, 1},
		{"case-sensitive", ex("met", "Kerry", "Lavrov"), ex("met", "kerry", "LAVROV"), 1.0 / 3, 1.0 / 3},
		{"later args joined into arg2", ex("met", "Kerry", "Lavrov", "in Paris"), ex("met", "Kerry", "Lavrov in", "Paris"), 1, 1},
		{"args not reordered without said", ex("met", "Kerry", "Lavrov"), ex("met", "Lavrov", "Kerry"), 1.0 / 3, 1.0 / 3},
		{"said swaps args", ex("said", "He", "it was fine"), ex("said", "it was fine", "He"), 1, 1},
		{"told swaps args", ex("told", "He", "them"), ex("told", "them", "He"), 1, 1},
		{"said as substring", ex("has said", "He", "it was fine"), ex("said", "it was fine", "He"), 1, 5.0 / 6},
		{"swap keeps the better", ex("said", "He", "it"), ex("said", "He", "it"), 1, 1},
		{"swap of one arg is no swap", ex("said", "He"), ex("said", "He"), 1, 1},
		{"whitespace runs", ex("met  with", " Kerry ", "Lavrov\t"), ex("met with", "Kerry", "Lavrov"), 1, 1},
	}
	var m matcher
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, p := prepare(&tc.gold), prepare(&tc.pred)
			prec, rec := m.match(&g, &p)
			if math.Abs(prec-tc.prec) > 1e-12 || math.Abs(rec-tc.rec) > 1e-12 {
				t.Errorf("match = (%.4f, %.4f), want (%.4f, %.4f)", prec, rec, tc.prec, tc.rec)
			}
		})
	}
}

func TestSentenceKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello , world .", "Helloworld"},
		{"Hello, world.", "Helloworld"},
		{"it 's `` fine '' !", "itsfine"},
		{"a -LRB- b -RRB- c -LSB- d -RSB- -LCB- e -RCB-", "abcde"},
		{"a (b) [c] {d}", "abcd"},
		{"-L-LRB-RB-", "LRB"}, // escapes become brackets, never new escapes
		{"US$ 4.25 , 50 %", "US42550"},
		{"Café über", "Caféüber"},
		{"tab\tkept", "tab\tkept"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := SentenceKey(tc.in); got != tc.want {
			t.Errorf("SentenceKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
