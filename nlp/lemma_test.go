package nlp

import (
	"strings"
	"testing"
)

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

// TestLemmaRegular inflects common regular verbs by the spelling rules
// (-e drops before -ed/-ing, consonant+y → -ied/-ies) and checks that Lemma
// undoes each form.
func TestLemmaRegular(t *testing.T) {
	bases := strings.Fields(`acquire require inquire measure secure capture cure endure procure injure
		guide rule compile console schedule smile exile
		announce produce reduce force seize realize criticise
		move prove leave-out approve believe receive achieve solve
		decide provide include invade explode divide persuade
		create complete debate hate vote dispute promote note negotiate evaluate
		declare compare prepare share scare desire admire retire expire inspire
		name blame assume consume welcome resume
		like invoke provoke describe subscribe probe
		engage oblige urge judge change challenge arrange
		combine define determine examine decline shine-on
		shape hope wipe escape cope
		raise cause close use base release
		settle handle tackle struggle
		argue continue pursue rescue value
		interfere adhere quote
		annex touch visit wait enter open help need heat treat float defeat
		join gain obtain remain explain contain claim perform attack look
		pour tour honour favour appear clear
		avoid raid fail mail boil cool travel signal
		reach watch press fix pass focus`)
	for _, b := range bases {
		if strings.Contains(b, "-") {
			continue
		}
		var ed, ing, s string
		switch {
		case strings.HasSuffix(b, "e"):
			ed, ing, s = b+"d", b[:len(b)-1]+"ing", b+"s"
		default:
			ed, ing, s = b+"ed", b+"ing", b+"s"
		}
		if strings.HasSuffix(b, "ch") || strings.HasSuffix(b, "sh") || strings.HasSuffix(b, "ss") ||
			strings.HasSuffix(b, "x") || strings.HasSuffix(b, "us") {
			s = b + "es"
		}
		for _, f := range []struct{ w, tag string }{{ed, "VBD"}, {ed, "VBN"}, {ing, "VBG"}, {s, "VBZ"}} {
			if got := Lemma(f.w, f.tag); got != b {
				t.Errorf("Lemma(%q, %s) = %q, want %q", f.w, f.tag, got, b)
			}
		}
	}
}
