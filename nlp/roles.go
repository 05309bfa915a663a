package nlp

import (
	"slices"
	"strings"

	"github.com/jdkato/prose/v3/token"
)

// Relation lemmas of the facts made from titles and roles.
const (
	HoldRole  = "hold role" // person → role ("Secretary of State")
	Represent = "represent" // person → the country of a national title ("Russian Foreign Minister")
)

// Confidences of the role facts: the title stands right before the name,
// so the pattern is reliable; the country adjective a little less.
const (
	roleConfidence      = 0.9
	representConfidence = 0.85
)

// demonymIrregular maps adjectives of place that no suffix rule derives to
// their place key.
var demonymIrregular = map[string]string{
	"french": "france", "dutch": "netherlands", "british": "united-kingdom", "english": "england",
	"welsh": "wales", "scottish": "scotland", "irish": "ireland", "swiss": "switzerland",
	"greek": "greece", "chechen": "chechnya", "danish": "denmark", "swedish": "sweden",
	"finnish": "finland", "norwegian": "norway", "spanish": "spain", "portuguese": "portugal",
	"turkish": "turkey", "polish": "poland", "belgian": "belgium", "peruvian": "peru",
	"filipino": "philippines", "thai": "thailand", "soviet": "soviet-union", "kosovar": "kosovo",
	"kurdish": "kurdistan", "afghan": "afghanistan", "cypriot": "cyprus", "maltese": "malta",
	"lebanese": "lebanon", "sudanese": "sudan", "vietnamese": "vietnam", "congolese": "congo",
	"senegalese": "senegal", "argentine": "argentina", "argentinian": "argentina",
}

// demonymPlace returns the place key of an adjective of place ("Crimean"
// → "crimea", "Ukrainian" → "ukraine", "U.S." → "united-states"), or "".
//
// The rule: irregular forms come from a short table; otherwise the suffix
// is taken off and the stem completed in the few ways English forms these
// adjectives (Crimea-n, Ukrain(e)-ian, Canad(a)-ian, Brazil-ian, Ital(y)-ian,
// Chin(a)-ese, Japan-ese, German(y), Israel-i), and the first candidate that
// the gazetteer knows wins. Words that are places themselves map to their
// own key, aliases folded.
func demonymPlace(w string) string {
	w = lowerWord(strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s"))
	if k, ok := placeAlias[w]; ok {
		return k
	}
	if places[w] {
		return w
	}
	if k, ok := demonymIrregular[w]; ok {
		return k
	}
	var cands []string
	switch {
	case strings.HasSuffix(w, "ian"):
		s := w[:len(w)-3]
		cands = []string{w[:len(w)-1], s + "e", s + "a", s, s + "y", s + "ia"}
	case strings.HasSuffix(w, "ese"):
		s := w[:len(w)-3]
		cands = []string{s + "a", s}
	case strings.HasSuffix(w, "an"):
		cands = []string{w[:len(w)-1], w[:len(w)-2] + "a", w[:len(w)-2] + "o", w + "y"}
	case strings.HasSuffix(w, "i"):
		cands = []string{w[:len(w)-1], w[:len(w)-1] + "a"}
	}
	if strings.HasSuffix(w, "n") {
		cands = append(cands, w+"y") // German → Germany
	}
	for _, c := range cands {
		if len(c) < 3 {
			continue
		}
		if k, ok := placeAlias[c]; ok {
			return k
		}
		if places[c] {
			return c
		}
	}
	return ""
}

// geoHeads are nouns that, after an adjective of place, name that place
// itself: "the Crimean peninsula" is Crimea. Heads that name a part or a
// neighbour of the place ("the Ukrainian capital", "the Russian border")
// are deliberately absent.
var geoHeads = wordSet(`peninsula region republic territory province mainland`)

// placeOfDemonym returns the place key of a one-token run that is an
// adjective of place followed by a geographic head noun ("Crimean
// peninsula"), or "".
func placeOfDemonym(toks []token.Token, r span) string {
	if r.e-r.s != 1 || r.e >= len(toks) || !geoHeads[strings.ToLower(toks[r.e].Text)] {
		return ""
	}
	return demonymPlace(toks[r.s].Text)
}

// placeName is the display name of a place key: "united-states" → "United
// States".
func placeName(key string) string {
	words := strings.Split(key, "-")
	for i, w := range words {
		if w != "" && w != "of" && w != "de" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	return strings.Join(words, " ")
}

// honorifics are title words that are no role ("Mr", "Dr").
var honorifics = wordSet(`mr mrs ms miss dr sir dame lord lady rev reverend prof professor`)

// formerWords make a title no longer hold: no role fact for "former
// ambassador".
var formerWords = wordSet(`former ex ex-president late then outgoing`)

// abbreviations of titles, written out in roles.
var titleAbbrev = map[string]string{
	"sen": "Senator", "rep": "Representative", "gov": "Governor", "gen": "General",
	"lt": "Lieutenant", "col": "Colonel", "sgt": "Sergeant", "capt": "Captain", "adm": "Admiral",
}

// role splits the title of a mention into the role it names ("Secretary of
// State", "Foreign Minister") and the place key of its country adjective
// ("united-states", "russia"), either "" when absent. A title with a word
// of "former" gives neither.
func role(toks []token.Token, m *mention) (text, place string) {
	if !m.personal || m.name.s <= m.run.s {
		return "", ""
	}
	// Words just before the run belong to the title too when they are
	// a country adjective or "former": "Russian Foreign Minister …" (the
	// adjective is often tagged JJ and left out of the run).
	for i := m.run.s - 1; i >= 0 && i >= m.run.s-3; i-- {
		raw := toks[i].Text
		if formerWords[lowerWord(raw)] {
			return "", ""
		}
		p := ""
		if upperInitial(raw) {
			p = demonymPlace(raw)
		}
		if p == "" {
			break
		}
		if place == "" {
			place = p
		}
	}
	var words []string
	hasTitle := false
	for i := m.run.s; i < m.name.s; i++ {
		raw := toks[i].Text
		w := lowerWord(raw)
		switch {
		case formerWords[w]:
			return "", ""
		case honorifics[w]:
			continue
		case len(words) == 0 && !titleWords[w]:
			if p := demonymPlace(raw); p != "" {
				place = p
				continue
			}
		}
		if a, ok := titleAbbrev[w]; ok {
			raw = a
		}
		hasTitle = hasTitle || personTitles[w]
		words = append(words, strings.TrimSuffix(raw, "."))
	}
	// "of" left dangling at either end is no part of the role.
	for len(words) > 0 && strings.EqualFold(words[len(words)-1], "of") {
		words = words[:len(words)-1]
	}
	if !hasTitle || len(words) == 0 {
		return "", place
	}
	return strings.Join(words, " "), place
}

// roleFacts makes the facts of titles: person –hold role– role and person
// –represent– country, once per document and fact, in the sentence of the
// first mention. It adds the countries to the table when the title was
// their only mention.
func roleFacts(an *Annotation, ms []mention, t *entityTable) []Fact {
	type key struct{ ent, rel, obj string }
	seen := map[key]bool{}
	var out []Fact
	for i := range ms {
		m := &ms[i]
		if e := t.byKey[m.key]; e == nil || e.Type != Person {
			continue
		}
		toks := an.Sentences[m.sent].Tokens
		r, place := role(toks, m)
		subj := Arg{Text: spanText(an.Text, toks, m.name.s, m.name.e), Entity: m.key}
		if r != "" && !seen[key{m.key, HoldRole, r}] {
			seen[key{m.key, HoldRole, r}] = true
			out = append(out, Fact{Sent: m.sent, Subject: subj, Relation: HoldRole,
				Object: Arg{Text: r}, Confidence: roleConfidence})
		}
		if place != "" && place != m.key && !seen[key{m.key, Represent, place}] {
			seen[key{m.key, Represent, place}] = true
			pe := t.byKey[place]
			if pe == nil {
				pe = &Entity{Key: place, Name: placeName(place), Type: Place, Aliases: []string{placeName(place)}}
				t.byKey[place] = pe
			}
			out = append(out, Fact{Sent: m.sent, Subject: subj, Relation: Represent,
				Object: Arg{Text: pe.Name, Entity: place}, Confidence: representConfidence})
		}
	}
	slices.SortStableFunc(out, func(a, b Fact) int { return a.Sent - b.Sent })
	return out
}
