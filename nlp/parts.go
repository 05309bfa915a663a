package nlp

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"newsgraph/corpus"
)

// DefaultPartBytes is the most text Process analyses at once when
// Annotator.PartBytes is 0: about 45,000 tokens, ten times a long news
// article. While a part is analysed its tokens, tags and phrases take
// about 65 times its size; the part, not the document, bounds that.
const DefaultPartBytes = 256 << 10

func (a *Annotator) partBytes() int {
	if a.PartBytes > 0 {
		return a.PartBytes
	}
	return DefaultPartBytes
}

// Large reports whether Process cuts d's text into parts.
func (a *Annotator) Large(d corpus.Doc) bool { return len(d.Text) > a.partBytes() }

// Process annotates and extracts a document (Annotate, then Extract).
// A document longer than PartBytes is cut at paragraph breaks (failing
// that at line breaks, sentence ends, spaces, or characters) into parts
// that are analysed one after another and merged, so memory does not grow
// with the document. Within a part entities are resolved as in a whole
// document; across parts only by key (a surname alone in one part is not
// linked to the full name in another: the store's cross-document passes
// do that). Sentence indexes and texts refer to the whole document. With
// o.MaxFacts set, the parts after the one that brings the facts past it are
// not analysed (nor counted in Sentences and Tokens).
func (a *Annotator) Process(ctx context.Context, d corpus.Doc, o Options) (*Doc, error) {
	if !a.Large(d) {
		an, err := a.Annotate(ctx, d)
		if err != nil {
			return nil, err
		}
		return ExtractWith(an, o), nil
	}
	out := &Doc{ID: d.ID, Title: d.Title, Date: d.Date, URL: d.URL, Text: d.Text}
	ents := map[string]*Entity{}
	for _, p := range parts(d.Text, a.partBytes()) {
		sub := d
		sub.Text = d.Text[p[0]:p[1]]
		an, err := a.Annotate(ctx, sub)
		if err != nil {
			return nil, err
		}
		// Offsets into the part are offsets into the document from p[0];
		// the texts are substrings of the document's, so nothing is copied.
		x := ExtractWith(an, o)
		base := len(out.Sentences)
		out.Sentences = append(out.Sentences, x.Sentences...)
		out.Tokens += x.Tokens
		for _, f := range x.Facts {
			f.Sent += base
			out.Facts = append(out.Facts, f)
		}
		for _, e := range x.Entities {
			mergeEntity(ents, e)
		}
		if o.MaxFacts > 0 && len(out.Facts) > o.MaxFacts {
			break
		}
	}
	out.Entities = make([]Entity, 0, len(ents))
	for _, e := range ents {
		out.Entities = append(out.Entities, *e)
	}
	slices.SortFunc(out.Entities, func(a, b Entity) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// mergeEntity adds e, from one part, to the entities of the parts before:
// aliases are joined, the name is the one with the most words (then the
// longest, then the first in byte order, as within a document), and the
// type is the first part's that is not Other.
func mergeEntity(ents map[string]*Entity, e Entity) {
	m := ents[e.Key]
	if m == nil {
		e.Aliases = slices.Clone(e.Aliases)
		ents[e.Key] = &e
		return
	}
	if betterName(e.Name, m.Name) {
		m.Name = e.Name
	}
	if m.Type == Other {
		m.Type = e.Type
	}
	m.Aliases = append(m.Aliases, e.Aliases...)
	slices.Sort(m.Aliases)
	m.Aliases = slices.Compact(m.Aliases)
}

func betterName(a, b string) bool {
	wa, wb := len(strings.Fields(a)), len(strings.Fields(b))
	if wa != wb {
		return wa > wb
	}
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a < b
}

// parts cuts text into consecutive [start, end) byte ranges of at most max
// bytes (but at least one character), each ending at the last paragraph
// break in its second half, else the last line break, sentence end or
// space there, else at a character boundary. They cover text exactly.
func parts(text string, max int) [][2]int {
	var out [][2]int
	for start := 0; start < len(text); {
		end := len(text)
		if end-start > max {
			end = cut(text, start, max)
		}
		out = append(out, [2]int{start, end})
		start = end
	}
	return out
}

// cut returns where a part of text that starts at start and may hold max
// bytes (fewer than the rest of text) ends.
func cut(text string, start, max int) int {
	s := text[start : start+max]
	for _, sep := range []string{"\n\n", "\n", ". ", "? ", "! ", " "} {
		if i := strings.LastIndex(s, sep); i >= max/2 {
			return start + i + len(sep)
		}
	}
	end := start + max
	for end > start && !utf8.RuneStart(text[end]) {
		end--
	}
	if end == start { // one character longer than max
		_, n := utf8.DecodeRuneInString(text[start:])
		end = start + n
	}
	return end
}
