package nlp

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/jdkato/prose/v3/ner"
	"github.com/jdkato/prose/v3/segment"
	"github.com/jdkato/prose/v3/tag"
	"github.com/jdkato/prose/v3/token"
	"github.com/jdkato/prose/v3/tokenize"

	"newsgraph/corpus"
)

// DefaultMaxSentenceTokens is the longest token run tagged as one sentence
// when Annotator.MaxSentenceTokens is 0; longer sentences are split at
// semicolons or commas (or, failing that, cut).
const DefaultMaxSentenceTokens = 200

// Annotator tokenises, segments, tags and finds name hints, once per document.
// It is safe for concurrent use. Its limits may be set on a copy
// (b := *a; b.MaxSentenceTokens = 50) before use: the models are shared.
type Annotator struct {
	// MaxSentenceTokens is the longest token run fed to the tagger as one
	// sentence (0: DefaultMaxSentenceTokens). Longer sentences are split
	// at a semicolon or comma before the limit, or cut at it.
	MaxSentenceTokens int
	// PartBytes is the most text Process analyses at once (0:
	// DefaultPartBytes); see Process.
	PartBytes int

	seg *segment.Segmenter
	tok *tokenize.Tokenizer
	tag *tag.Tagger
	ner *ner.Extracter
}

func (a *Annotator) maxTokens() int {
	if a.MaxSentenceTokens > 0 {
		return a.MaxSentenceTokens
	}
	return DefaultMaxSentenceTokens
}

// NewAnnotator loads the prose models (once per process).
func NewAnnotator() (*Annotator, error) {
	seg, err := segment.New()
	if err != nil {
		return nil, fmt.Errorf("nlp: load segmenter: %w", err)
	}
	tg, err := tag.New()
	if err != nil {
		return nil, fmt.Errorf("nlp: load tagger: %w", err)
	}
	ex, err := ner.New()
	if err != nil {
		return nil, fmt.Errorf("nlp: load entity model: %w", err)
	}
	return &Annotator{seg: seg, tok: tokenize.New(), tag: tg, ner: ex}, nil
}

// Annotation is a document's sentences with tagged tokens (byte offsets into
// Text).
type Annotation struct {
	ID, Title, Date, URL, Text string
	Sentences                  []Sentence
	Tokens                     int // number of tokens in all sentences
}

// Sentence is one sentence (or one piece of an over-long sentence).
//
// Tokens carry prose's part-of-speech tags, with curly quotes and
// apostrophes tagged as their ASCII forms would be, and, on tokens of
// proper-noun runs the lexicon cannot type, prose's IOB entity label as a
// hint (empty elsewhere). Token.Start is a byte offset into Annotation.Text.
type Sentence struct {
	Text   string
	Start  int // byte offset of Text in Annotation.Text
	Tokens []token.Token
}

// Annotate segments, tokenises and tags the document's text (already
// cleaned). It stops early with the context's error when ctx is done.
func (a *Annotator) Annotate(ctx context.Context, d corpus.Doc) (*Annotation, error) {
	an := &Annotation{ID: d.ID, Title: d.Title, Date: d.Date, URL: d.URL, Text: d.Text}
	sents := splitLines(d.Text, a.seg.Segment(d.Text))
	hinted := map[string]bool{}
	limit := a.maxTokens()
	an.Sentences = make([]Sentence, 0, len(sents))
	for i, s := range sents {
		if i%32 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("nlp: annotate %s: %w", d.ID, err)
			}
		}
		toks := a.tok.Tokenize(s.Text)
		for j := range toks {
			toks[j].Start += s.Start
		}
		toks = joinAbbrevs(toks)
		for len(toks) > 0 {
			n := splitPoint(toks, limit)
			piece := toks[:n:n]
			toks = toks[n:]
			a.tagSentence(piece)
			a.hint(piece, hinted)
			start, end := piece[0].Start, piece[len(piece)-1].End()
			an.Sentences = append(an.Sentences, Sentence{Text: d.Text[start:end], Start: start, Tokens: piece})
			an.Tokens += len(piece)
		}
	}
	return an, nil
}

// joinAbbrevs is part of the correction layer around prose: its tokeniser
// splits the period off abbreviations it does not know ("Corp", "."), and
// the tagger then reads a sentence end inside the sentence. A period that
// is not the last token and touches a short alphabetic word before it
// rejoins that word.
func joinAbbrevs(toks []token.Token) []token.Token {
	if !on(featTagFix) {
		return toks
	}
	out := toks[:0]
	for i, t := range toks {
		if t.Text == "." && i > 0 && i+1 < len(toks) && len(out) > 0 {
			p := &out[len(out)-1]
			if p.End() == t.Start && len(p.Text) <= 4 && isAlpha(p.Text) && upperInitial(p.Text) {
				p.Text += "."
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

func isAlpha(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

// splitLines splits segments at line breaks that end a unit of text: a blank
// line, or a newline after sentence-final punctuation or a short line (a
// headline), so that sentences never run across a headline into the body.
func splitLines(text string, sents []segment.Sentence) []segment.Sentence {
	out := sents[:0:0]
	for _, s := range sents {
		start := 0
		for i := 0; i < len(s.Text); i++ {
			if s.Text[i] != '\n' {
				continue
			}
			line := strings.TrimSpace(s.Text[start:i])
			blank := i+1 < len(s.Text) && strings.TrimSpace(s.Text[i+1:min(len(s.Text), i+1+strings.IndexByte(s.Text[i+1:]+"\n", '\n'))]) == ""
			if line != "" && (blank || strings.ContainsAny(line[len(line)-1:], ".!?:") || len(strings.Fields(line)) <= 8) {
				out = appendTrimmed(out, text, s.Start+start, s.Start+i)
				start = i + 1
			}
		}
		out = appendTrimmed(out, text, s.Start+start, s.Start+len(s.Text))
	}
	return out
}

func appendTrimmed(out []segment.Sentence, text string, a, b int) []segment.Sentence {
	for a < b && (text[a] == ' ' || text[a] == '\n' || text[a] == '\t' || text[a] == '\r') {
		a++
	}
	for b > a && (text[b-1] == ' ' || text[b-1] == '\n' || text[b-1] == '\t' || text[b-1] == '\r') {
		b--
	}
	if a < b {
		out = append(out, segment.Sentence{Text: text[a:b], Start: a})
	}
	return out
}

// splitPoint returns how many leading tokens form the next piece: all of them
// when there are at most limit, else up to the last semicolon (or comma)
// before the limit, else limit.
func splitPoint(toks []token.Token, limit int) int {
	if len(toks) <= limit {
		return len(toks)
	}
	comma := 0
	for i := limit - 1; i > limit/4; i-- {
		switch toks[i].Text {
		case ";":
			return i + 1
		case ",":
			if comma == 0 {
				comma = i + 1
			}
		}
	}
	if comma > 0 {
		return comma
	}
	return limit
}

// asciiForm maps typographic tokens to the forms the tagger was trained on.
func asciiForm(t string) (string, bool) {
	switch t {
	case "“", "„", "«":
		return "``", true
	case "”", "»":
		return "''", true
	case "\"":
		return "''", true
	case "‘":
		return "`", true
	case "’":
		return "'", true
	case "’s", "’S":
		return "'s", true
	case "n’t", "N’T":
		return "n't", true
	case "’re", "’ve", "’ll", "’d", "’m":
		return "'" + t[3:], true
	case "—", "–", "--":
		return "--", true
	}
	return "", false
}

// tagSentence tags one sentence's tokens, feeding the tagger ASCII forms of
// typographic quotes and apostrophes, and fixes tags the model gets wrong on
// punctuation and possessives.
func (a *Annotator) tagSentence(toks []token.Token) {
	var saved [16]int
	orig := make([]string, 0, 8)
	idx := saved[:0]
	for i := range toks {
		if f, ok := asciiForm(toks[i].Text); ok {
			if toks[i].Text == "\"" && (i == 0 || toks[i-1].End() < toks[i].Start) {
				f = "``" // an opening straight quote
			}
			idx = append(idx, i)
			orig = append(orig, toks[i].Text)
			toks[i].Text = f
		}
	}
	a.tag.TagTokens(toks)
	for k, i := range idx {
		toks[i].Text = orig[k]
	}
	for i := range toks {
		t := &toks[i]
		switch {
		case isQuote(t.Text):
			if t.Text == "“" || t.Text == "‘" {
				t.Tag = "``"
			} else {
				t.Tag = "''"
			}
		case t.Text == "—" || t.Text == "–" || t.Text == "--":
			t.Tag = ":"
		case (t.Text == "'s" || t.Text == "’s") && i > 0 && t.Tag != "VBZ" && t.Tag != "POS":
			t.Tag = "POS"
		case (t.Text == "'s" || t.Text == "’s") && t.Tag == "VBZ" && i > 0 && isNounTag(toks[i-1].Tag) &&
			i+1 < len(toks) && isNominalStart(toks[i+1].Tag):
			t.Tag = "POS" // Russia's troops, not Russia is troops
		}
	}
}

func isQuote(s string) bool {
	switch s {
	case "“", "”", "\"", "„", "«", "»", "‘", "``", "''":
		return true
	}
	return false
}

// hint runs prose's entity recogniser on a small window around each
// proper-noun run whose type the lexicon cannot tell, the first time the run
// occurs in the document (done holds the runs seen), so the labels can serve
// as type hints without paying for whole sentences.
func (a *Annotator) hint(toks []token.Token, done map[string]bool) {
	for _, r := range nameRuns(toks) {
		if lexiconType(toks[r.s:r.e]) != "" {
			continue
		}
		name := normName(toks[r.s:r.e])
		if done[name] {
			continue
		}
		done[name] = true
		s, e := max(0, r.s-2), min(len(toks), r.e+2)
		a.ner.Label(toks[s:e])
		for i := s; i < e; i++ {
			if i < r.s || i >= r.e {
				toks[i].Label = ""
			}
		}
	}
}

// lexiconType types a proper-noun run from the word lists alone, or "".
func lexiconType(run []token.Token) string {
	if len(run) == 0 {
		return ""
	}
	if places[normName(run)] {
		return Place
	}
	if orgHeads[lowerWord(run[len(run)-1].Text)] {
		return Organization
	}
	for _, t := range run[:len(run)-1] {
		if personTitles[lowerWord(t.Text)] {
			return Person
		}
	}
	return ""
}

// lowerWord lower-cases a word and drops dots ("U.S." → "us").
func lowerWord(w string) string {
	if strings.IndexByte(w, '.') >= 0 {
		w = strings.ReplaceAll(w, ".", "")
	}
	return strings.ToLower(w)
}

// normName is the lower-case, dot-free, space-joined form of a token run.
func normName(run []token.Token) string {
	if len(run) == 1 {
		return lowerWord(run[0].Text)
	}
	var b strings.Builder
	for i, t := range run {
		if t.Text == "." {
			continue
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(lowerWord(t.Text))
	}
	return b.String()
}
