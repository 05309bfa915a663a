package nlp

import (
	"slices"
	"strings"
	"unicode"

	"github.com/jdkato/prose/v3/token"
)

// mention is one proper-noun run of the document after title stripping.
type mention struct {
	sent     int
	run      span     // the whole run, titles included
	name     span     // the name inside it, titles stripped
	surface  string   // run text, possessive dropped
	clean    string   // name text ("John F. Kerry")
	words    int      // words in clean, initials excluded
	title    []string // stripped title words, lower-case
	typ      string   // type from the word lists, or ""
	votes    [3]int   // entity-recogniser votes: person, place, organization
	key      string
	personal bool // a title marked it as a person
}

// KeyOf returns the deterministic entity key of a name: lower-case words
// joined by '-', with titles, middle initials, dots and possessives removed,
// common place aliases folded ("U.S.", "US", "the United States", "America"
// → "united-states") and transliteration variants folded for names that are
// not places: a word-final "ey" becomes "ei" (Sergey → sergei) and "ych"
// becomes "ich" (Yanukovych → yanukovich).
func KeyOf(name string) string {
	words := keyWords(name)
	if len(words) == 0 {
		return ""
	}
	return keyFromWords(words)
}

// keyWords splits a name into lower-case words without dots, possessives,
// a leading "the" or title words.
func keyWords(name string) []string {
	name = strings.ReplaceAll(name, "’", "'")
	name = strings.TrimSuffix(strings.TrimSuffix(name, "'s"), "'")
	f := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '\'' || r == '-')
	})
	out := f[:0]
	for _, w := range f {
		w = strings.Trim(strings.ReplaceAll(w, ".", ""), "'-")
		if w != "" {
			out = append(out, w)
		}
	}
	if len(out) > 1 && out[0] == "the" {
		out = out[1:]
	}
	// titles before a name: strip up to the last title word that leaves a name.
	cut := 0
	for i := 0; i < len(out)-1; i++ {
		if personTitles[out[i]] {
			cut = i + 1
			if cut+1 < len(out) && out[cut] == "of" {
				cut += 2
			}
		}
	}
	if cut < len(out) && !orgHeads[out[len(out)-1]] {
		out = out[cut:]
	}
	return out
}

func keyFromWords(words []string) string {
	joined := strings.Join(words, " ")
	if k, ok := placeAlias[joined]; ok {
		return k
	}
	if places[joined] {
		return strings.ReplaceAll(joined, " ", "-")
	}
	var b strings.Builder
	for i, w := range words {
		if len(w) == 1 && i > 0 && i < len(words)-1 {
			continue // middle initial
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(fold(w))
	}
	return b.String()
}

// fold applies the transliteration folds of KeyOf to one word.
func fold(w string) string {
	if len(w) > 3 && strings.HasSuffix(w, "ey") {
		w = w[:len(w)-2] + "ei"
	}
	if strings.Contains(w, "ych") {
		w = strings.ReplaceAll(w, "ych", "ich")
	}
	return w
}

// isDemonym guesses whether a capitalised word names a people or language
// ("Russian", "Chinese", "Israeli", "French") rather than an entity.
func isDemonym(w string) bool {
	w = strings.ToLower(w)
	for _, suf := range []string{"ian", "ean", "ese", "ish", "an", "ic", "ch", "ek"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return len(w) > 4 && strings.HasSuffix(w, "i") && !places[w]
}

// stripTitle splits a proper-noun run into the title before the name and
// the name: after the last title word that leaves a name (skipping "of X"
// after it: "Secretary of State"), unless the run names an institution.
// It reports whether a person's title was stripped.
func stripTitle(toks []token.Token, r span) (name span, title []string, personal bool) {
	name = r
	if orgHeads[lowerWord(toks[r.e-1].Text)] {
		return name, nil, false
	}
	cut := r.s
	for i := r.s; i < r.e-1; i++ {
		w := lowerWord(toks[i].Text)
		if !titleWords[w] {
			continue
		}
		c := i + 1
		if c+1 < r.e && toks[c].Text == "of" {
			c += 2
		}
		if c < r.e {
			cut = c
			personal = personal || personTitles[w]
		}
	}
	if cut == r.s {
		return name, nil, false
	}
	for i := r.s; i < cut; i++ {
		title = append(title, lowerWord(toks[i].Text))
	}
	name.s = cut
	return name, title, personal
}

// text returns the source text of tokens [s, e), dropping a sentence-final
// dot stuck to the last word ("War.") but keeping abbreviations ("U.S.").
func spanText(src string, toks []token.Token, s, e int) string {
	t := src[toks[s].Start:toks[e-1].End()]
	last := toks[e-1].Text
	if len(last) > 2 && strings.HasSuffix(last, ".") && strings.Count(last, ".") == 1 {
		t = t[:len(t)-1]
	}
	return t
}

// mentions collects the entity mentions of a sentence.
func mentions(src string, sent int, toks []token.Token, runs []span) []mention {
	var out []mention
	for _, r := range runs {
		// an adjective of place before a geographic head names the place:
		// "the Crimean peninsula" is Crimea.
		if p := placeOfDemonym(toks, r); p != "" {
			whole := span{s: r.s, e: r.e + 1}
			out = append(out, mention{sent: sent, run: whole, name: whole, key: p, typ: Place,
				surface: spanText(src, toks, whole.s, whole.e), clean: placeName(p),
				words: strings.Count(p, "-") + 1, votes: [3]int{0, 1, 0}})
			continue
		}
		// a lone demonym modifying a noun ("Russian television") is no mention.
		if r.e-r.s == 1 && r.e < len(toks) && isNounTag(toks[r.e].Tag) && isDemonym(toks[r.s].Text) {
			continue
		}
		name, title, personal := stripTitle(toks, r)
		if personal {
			// a country adjective before the run is part of the role:
			// "Russian Foreign Minister …" (the adjective is often tagged JJ).
			for i := r.s - 1; i >= 0 && i >= r.s-2 && upperInitial(toks[i].Text) && demonymPlace(toks[i].Text) != ""; i-- {
				title = append(title, lowerWord(toks[i].Text))
			}
		}
		m := mention{sent: sent, run: r, name: name, title: title, personal: personal}
		m.surface = spanText(src, toks, r.s, r.e)
		m.clean = spanText(src, toks, name.s, name.e)
		for i := name.s; i < name.e; i++ {
			if toks[i].Text != "." && !(len(toks[i].Text) == 1 && upperInitial(toks[i].Text)) {
				m.words++
			}
		}
		m.key = KeyOf(m.clean)
		if m.key == "" {
			continue
		}
		switch {
		case personal:
			m.typ = Person
		default:
			m.typ = lexiconType(toks[name.s:name.e])
		}
		for i := name.s; i < name.e; i++ {
			l := toks[i].Label
			switch {
			case strings.HasSuffix(l, "PERSON"):
				m.votes[0]++
			case strings.HasSuffix(l, "GPE"), strings.HasSuffix(l, "LOCATION"):
				m.votes[1]++
			case strings.HasSuffix(l, "ORGANIZATION"):
				m.votes[2]++
			}
		}
		out = append(out, m)
	}
	return out
}

// entityTable resolves a document's mentions into entities.
type entityTable struct {
	byKey  map[string]*Entity
	titles map[string][]string // person key → title words seen
}

// resolve links surname-only mentions to the one full name in the document
// that ends with them, types entities and picks canonical names. It rewrites
// the mentions' keys in place.
func resolve(ms []mention) *entityTable {
	type acc struct {
		lex   [4]int // person, place, organization votes from the word lists
		ner   [3]int
		names []string
		best  string
		bestW int
	}
	// Full names (two or more words) that can be people, by folded surname.
	surname := map[string]map[string]bool{}
	for _, m := range ms {
		if m.words < 2 || m.typ == Place || m.typ == Organization {
			continue
		}
		w := keyWords(m.clean)
		last := fold(w[len(w)-1])
		if surname[last] == nil {
			surname[last] = map[string]bool{}
		}
		surname[last][m.key] = true
	}
	for i := range ms {
		m := &ms[i]
		if m.words != 1 || m.typ == Place || m.typ == Organization || places[m.key] {
			continue
		}
		if keys := surname[m.key]; len(keys) == 1 {
			for k := range keys {
				m.key = k
			}
		}
	}
	accs := map[string]*acc{}
	t := &entityTable{byKey: map[string]*Entity{}, titles: map[string][]string{}}
	for _, m := range ms {
		a := accs[m.key]
		if a == nil {
			a = &acc{}
			accs[m.key] = a
		}
		switch m.typ {
		case Person:
			a.lex[0]++
		case Place:
			a.lex[1]++
		case Organization:
			a.lex[2]++
		}
		for j, v := range m.votes {
			a.ner[j] += v
		}
		a.names = append(a.names, m.surface, m.clean)
		if m.words > a.bestW || (m.words == a.bestW && (len(m.clean) > len(a.best) ||
			len(m.clean) == len(a.best) && m.clean < a.best)) {
			a.best, a.bestW = m.clean, m.words
		}
		if m.personal {
			t.titles[m.key] = append(t.titles[m.key], m.title...)
		}
	}
	types := [3]string{Person, Place, Organization}
	for k, a := range accs {
		typ := Other
		if bi, bv := argmax(a.lex[:3]); bv > 0 {
			typ = types[bi]
		} else if bi, bv := argmax(a.ner[:]); bv > 0 {
			typ = types[bi]
		}
		slices.Sort(a.names)
		e := &Entity{Key: k, Name: a.best, Type: typ, Aliases: slices.Compact(a.names)}
		t.byKey[k] = e
	}
	return t
}

func argmax(v []int) (int, int) {
	bi, bv := 0, v[0]
	for i, x := range v[1:] {
		if x > bv {
			bi, bv = i+1, x
		}
	}
	return bi, bv
}

// entities returns the table's entities sorted by key.
func (t *entityTable) entities() []Entity {
	out := make([]Entity, 0, len(t.byKey))
	for _, e := range t.byKey {
		out = append(out, *e)
	}
	slices.SortFunc(out, func(a, b Entity) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// byRole finds the one person whose stripped title holds every word of a
// role description ("the Russian foreign minister"), or "".
func (t *entityTable) byRole(words []string) string {
	found := ""
	for k, title := range t.titles {
		ok := true
		for _, w := range words {
			if !slices.Contains(title, w) {
				ok = false
				break
			}
		}
		if ok {
			if found != "" && found != k {
				return ""
			}
			found = k
		}
	}
	return found
}
