package nlp

import "testing"

func TestLemma(t *testing.T) {
	tests := []struct{ word, tag, want string }{
		{"annexed", "VBD", "annex"}, {"met", "VBD", "meet"}, {"touched", "VBD", "touch"},
		{"was", "VBD", "be"}, {"has", "VBZ", "have"}, {"told", "VBN", "tell"},
		{"stopped", "VBD", "stop"}, {"planned", "VBN", "plan"}, {"referred", "VBD", "refer"},
		{"called", "VBD", "call"}, {"passed", "VBD", "pass"}, {"cancelled", "VBD", "cancel"},
		{"controlled", "VBN", "control"}, {"tried", "VBD", "try"}, {"agreed", "VBD", "agree"},
		{"needed", "VBD", "need"}, {"moved", "VBD", "move"}, {"created", "VBN", "create"}, {"negotiated", "VBD", "negotiate"}, {"heated", "VBD", "heat"},
		{"argued", "VBD", "argue"}, {"refused", "VBD", "refuse"}, {"caused", "VBD", "cause"},
		{"changed", "VBD", "change"}, {"settled", "VBD", "settle"}, {"decided", "VBD", "decide"},
		{"visited", "VBD", "visit"}, {"waited", "VBD", "wait"}, {"declared", "VBD", "declare"},
		{"entered", "VBD", "enter"}, {"named", "VBN", "name"}, {"combined", "VBN", "combine"},
		{"opened", "VBD", "open"}, {"hoped", "VBD", "hope"}, {"helped", "VBD", "help"},
		{"invited", "VBD", "invite"}, {"completed", "VBD", "complete"}, {"ignored", "VBD", "ignore"},
		{"making", "VBG", "make"}, {"meeting", "VBG", "meet"}, {"running", "VBG", "run"},
		{"agreeing", "VBG", "agree"}, {"using", "VBG", "use"}, {"staying", "VBG", "stay"},
		{"includes", "VBZ", "include"}, {"tries", "VBZ", "try"}, {"watches", "VBZ", "watch"},
		{"passes", "VBZ", "pass"}, {"goes", "VBZ", "go"}, {"refuses", "VBZ", "refuse"},
		{"Says", "VBZ", "say"}, {"run", "VB", "run"}, {"n’t", "RB", "n't"},
	}
	for _, tc := range tests {
		if got := Lemma(tc.word, tc.tag); got != tc.want {
			t.Errorf("Lemma(%q, %s) = %q, want %q", tc.word, tc.tag, got, tc.want)
		}
	}
}
