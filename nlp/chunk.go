package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v3/token"
)

// span is a half-open token range [s, e).
type span struct{ s, e int }

// phrase is a noun phrase found by the chunker.
type phrase struct {
	s, e     int  // tokens, including an attached "of" phrase
	head     int  // index of the head token
	pron     bool // a personal pronoun
	neg      bool // opens with no/neither/none
	of       int  // the phrase after an attached "of", or -1
	temporal bool // says when: "Sunday", "last week"
	det      bool // opens with a determiner or possessive
	ppEnd    int  // end of a prepositional phrase that modifies it as a subject, or 0
}

func isNounTag(t string) bool { return strings.HasPrefix(t, "NN") }

func isVerbTag(t string) bool { return strings.HasPrefix(t, "VB") || t == "MD" }

func isAdjTag(t string) bool { return strings.HasPrefix(t, "JJ") }

// isNominalStart reports whether a tag can open a noun phrase.
func isNominalStart(t string) bool {
	switch t {
	case "DT", "PDT", "PRP$", "CD", "PRP":
		return true
	}
	return isNounTag(t) || isAdjTag(t)
}

func upperInitial(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// isNameTok reports whether token i can be part of a proper-noun run.
func isNameTok(toks []token.Token, i int) bool {
	t := toks[i]
	if t.Tag != "NNP" && t.Tag != "NNPS" {
		return false
	}
	if !upperInitial(t.Text) && (t.Text[0] < '0' || t.Text[0] > '9') {
		return false
	}
	return !monthsAndDays[strings.ToLower(strings.TrimSuffix(t.Text, "."))]
}

// isInitial reports whether tokens i, i+1 are an initial such as "F" ".",
// followed by another name token.
func isInitial(toks []token.Token, i int) bool {
	if i+2 >= len(toks) || toks[i+1].Text != "." {
		return false
	}
	w := toks[i].Text
	return len(w) == 1 && w[0] >= 'A' && w[0] <= 'Z' && isNameTok(toks, i+2)
}

// nameRuns finds the proper-noun runs of a sentence: consecutive NNP/NNPS
// tokens, initials ("John F. Kerry") and "of" inside titles and institutions
// ("Secretary of State John Kerry", "Bank of England").
func nameRuns(toks []token.Token) []span {
	var runs []span
	for i := 0; i < len(toks); {
		if !isNameTok(toks, i) {
			i++
			continue
		}
		s := i
		for i < len(toks) {
			switch {
			case isInitial(toks, i):
				i += 2
			case isNameTok(toks, i):
				i++
			case toks[i].Text == "of" && i+1 < len(toks) && isNameTok(toks, i+1) &&
				(titleWords[lowerWord(toks[i-1].Text)] || orgHeads[lowerWord(toks[i-1].Text)]):
				i++
			default:
				goto done
			}
		}
	done:
		runs = append(runs, span{s, i})
	}
	return runs
}

// timeOpeners open a time phrase after a noun phrase ("last month").
var timeOpeners = wordSet(`last next this past coming previous following same early late earlier later`)

// startsTime reports whether a time phrase starts at token j: a day or
// month name, or an opener or number followed within two words by a
// time noun ("last month", "two days", "early next week").
func startsTime(toks []token.Token, j int) bool {
	if !on(featTempSplit) {
		return false
	}
	w := strings.ToLower(toks[j].Text)
	if monthsAndDays[w] || w == "today" || w == "yesterday" || w == "tonight" || w == "tomorrow" {
		return true
	}
	if !timeOpeners[w] && toks[j].Tag != "CD" {
		return false
	}
	for k := j + 1; k < len(toks) && k <= j+2; k++ {
		if temporal[strings.ToLower(toks[k].Text)] {
			return true
		}
		if !isAdjTag(toks[k].Tag) && toks[k].Tag != "CD" && !timeOpeners[strings.ToLower(toks[k].Text)] {
			return false
		}
	}
	return false
}

// joinsHyphen reports whether a word with this tag can stand on either side
// of a hyphen inside a noun phrase.
func joinsHyphen(t string) bool {
	return isNounTag(t) || isAdjTag(t) || t == "CD" || t == "VBN" || t == "VBG"
}

// startsClause reports whether a verb group (a tensed verb or modal,
// perhaps after adverbs) starts at token i.
func startsClause(toks []token.Token, i int) bool {
	for i < len(toks) && toks[i].Tag == "RB" {
		i++
	}
	if i >= len(toks) {
		return false
	}
	switch toks[i].Tag {
	case "VBD", "VBZ", "VBP", "MD":
		return true
	}
	return false
}

// chunk finds the noun phrases of a sentence. at[i] is the index of the
// phrase holding token i, or -1.
func chunk(toks []token.Token, runs []span, at []int) []phrase {
	for i := range at {
		at[i] = -1
	}
	runEnd := make(map[int]int, len(runs))
	for _, r := range runs {
		runEnd[r.s] = r.e
	}
	var out []phrase
	n := len(toks)
	for i := 0; i < n; {
		t := toks[i]
		if t.Tag == "PRP" {
			out = append(out, phrase{s: i, e: i + 1, head: i, pron: true})
			at[i] = len(out) - 1
			i++
			continue
		}
		j := i
		var p phrase
		switch t.Tag {
		case "DT", "PDT", "PRP$", "WP$":
			p.det = true
			w := strings.ToLower(t.Text)
			p.neg = w == "no" || w == "neither"
			j++
			if j < n && toks[j].Tag == "DT" { // "all the"
				j++
			}
		}
		lastNoun := -1
	loop:
		for j < n {
			tg := toks[j].Tag
			if lastNoun >= i && !temporal[strings.ToLower(toks[lastNoun].Text)] && startsTime(toks, j) {
				break loop // "annexed Crimea last month": the time is no part of the object
			}
			if e, ok := runEnd[j]; ok {
				if lastNoun >= i && lastNoun == j-1 && isNounTag(toks[lastNoun].Tag) &&
					toks[lastNoun].Tag != "NNP" && toks[lastNoun].Tag != "NNPS" &&
					!titleWords[strings.ToLower(toks[lastNoun].Text)] && (startsClause(toks, e) || e < n && toks[e].Tag == "VBN") {
					break loop // "the plan Kerry took": a relative clause begins
				}
				j = e
				lastNoun = j - 1
				continue
			}
			switch {
			case isNounTag(tg) || tg == "CD" || tg == "FW":
				if isQuote(toks[j].Text) {
					break loop
				}
				lastNoun = j
				j++
			case isAdjTag(tg):
				j++
			case tg == "CC" && j > i && isAdjTag(toks[j-1].Tag) && j+1 < n && (isAdjTag(toks[j+1].Tag) ||
				toks[j+1].Tag == "NN" || toks[j+1].Tag == "NNS") && on(featAdjCoord):
				j++ // "chemical and biotechnology companies"
			case (tg == "$" || tg == "#") && j+1 < n && toks[j+1].Tag == "CD":
				j++ // "$ 300 million"
			case toks[j].Text == "-" && j > i && j+1 < n && joinsHyphen(toks[j-1].Tag) && joinsHyphen(toks[j+1].Tag):
				j++ // "a free - lance writer", as tokenised text spells it
			case tg == "POS" && lastNoun == j-1:
				j++
			case (tg == "RB" || tg == "RBS" || tg == "RBR") && j > i && j+1 < n && isAdjTag(toks[j+1].Tag):
				j++ // "very large"
			case (tg == "VBN" || tg == "VBG") && j > i && j+1 < n &&
				(isNounTag(toks[j+1].Tag) || isAdjTag(toks[j+1].Tag)) && !isNounTag(toks[j-1].Tag):
				j++ // "the escalating situation"
			default:
				break loop
			}
		}
		if lastNoun >= i && lastNoun+1 < j && toks[lastNoun+1].Tag == "POS" && isAdjTag(toks[j-1].Tag) {
			lastNoun = j - 1 // a possessive is followed by its noun: "Spain's navy"
		}
		if lastNoun < i {
			i = max(j, i+1)
			continue
		}
		p.s, p.e, p.head, p.of = i, lastNoun+1, lastNoun, -1
		p.temporal = temporal[strings.ToLower(toks[p.head].Text)]
		out = append(out, p)
		for k := p.s; k < p.e; k++ {
			at[k] = len(out) - 1
		}
		i = p.e
	}
	// Attach "of" phrases to common-noun heads: "the annexation of Crimea".
	var inner []phrase
	for k := 0; k+1 < len(out); k++ {
		p, q := &out[k], out[k+1]
		if p.pron || p.e >= n || q.s != p.e+1 || toks[p.e].Text != "of" || q.pron ||
			toks[p.head].Tag == "NNP" || toks[p.head].Tag == "NNPS" {
			continue
		}
		for m := p.e; m < q.e; m++ {
			at[m] = k
		}
		p.e = q.e
		out = append(out[:k+1], out[k+2:]...)
		for m := p.e; m < n; m++ {
			if at[m] > k {
				at[m]--
			}
		}
		inner = append(inner, q)
		out[k].of = -2 - (len(inner) - 1)
	}
	// inner phrases go after the chunked ones, reachable only through of.
	for k := range out {
		if out[k].of <= -2 {
			out[k].of = len(out) + (-2 - out[k].of)
		}
	}
	return append(out, inner...)
}
