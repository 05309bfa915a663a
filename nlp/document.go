package nlp

import (
	"slices"
	"strings"
)

// sentenceInfo is what Extract keeps of each sentence between passes.
type sentenceInfo struct {
	x        sentenceExtractor
	mentions []int // indices into the document's mentions
}

// Options tune Extract for uses other than the graph.
type Options struct {
	// Open keeps what Open IE benchmarks count but the graph has no use
	// for: facts whose argument is a pronoun that cannot be resolved ("It
	// includes …"), and possession implied by a possessive ("Russia's
	// troops" → Russia has troops).
	Open bool
	// MaxFacts, when positive, lets Process stop analysing a document cut
	// into parts after the first part that brings its facts past
	// MaxFacts: the caller keeps only the first ones anyway.
	MaxFacts int
}

// Extract finds the facts of an annotated document and resolves its
// entities (within the document). It is safe for concurrent use on
// different annotations.
func Extract(an *Annotation) *Doc { return ExtractWith(an, Options{}) }

// ExtractWith is Extract with options.
func ExtractWith(an *Annotation, o Options) *Doc {
	d := &Doc{ID: an.ID, Title: an.Title, Date: an.Date, URL: an.URL, Text: an.Text, Tokens: an.Tokens}
	d.Sentences = make([]string, len(an.Sentences))
	infos := make([]sentenceInfo, len(an.Sentences))
	var ms []mention
	at := make([]int, an.Tokens)
	for i, s := range an.Sentences {
		d.Sentences[i] = s.Text
		runs := nameRuns(s.Tokens)
		atS := at[:len(s.Tokens):len(s.Tokens)]
		at = at[len(s.Tokens):]
		info := &infos[i]
		info.x = sentenceExtractor{src: an.Text, sent: i, toks: s.Tokens, at: atS, open: o.Open}
		info.x.ph = chunk(s.Tokens, runs, atS)
		for _, m := range mentions(an.Text, i, s.Tokens, runs) {
			info.mentions = append(info.mentions, len(ms))
			ms = append(ms, m)
		}
	}
	table := resolve(ms)
	r := linker{ms: ms, infos: infos, table: table, open: o.Open}
	for i := range infos {
		x := &infos[i].x
		x.findGroups()
		x.extract()
		if o.Open && on(featPossessive) {
			x.possessives()
		}
		seen := map[factKey]bool{}
		for _, f := range x.facts {
			subj, ok := r.arg(i, f.subj, f.subjText, "")
			if !ok {
				continue
			}
			obj, ok := r.arg(i, f.obj, f.objText, subj.Entity)
			if f.noObj {
				obj, ok = Arg{}, true
			}
			if !ok {
				continue
			}
			// "the two" stands for two persons: one fact for each.
			subjs := []Arg{subj}
			if subj.Entity == "" && f.subj >= 0 && !o.Open && on(featPair) {
				if ks := r.pair(i, f.subj); ks != nil {
					subjs = []Arg{{Text: subj.Text, Entity: ks[0]}, {Text: subj.Text, Entity: ks[1]}}
				}
			}
			for _, subj := range subjs {
				if subj.Entity != "" && subj.Entity == obj.Entity {
					continue
				}
				fact := Fact{Sent: i, Subject: subj, Relation: f.rel, RelText: f.relTxt, Object: obj,
					Negated: f.neg, Inverted: f.inverted}
				if len(f.extras) > 0 {
					fact.Extras = make([]Extra, len(f.extras))
					for k, e := range f.extras {
						fact.Extras[k] = x.extra(e)
					}
				}
				if f.attr >= 0 && on(featSpeech) {
					if a, ok := r.arg(i, f.attr, "", ""); ok {
						fact.Attribution = &a
					}
				}
				fact.Confidence = x.confidence(&f, &fact)
				key := factKey{fact.Subject, fact.Relation, fact.Object, fact.Negated}
				if seen[key] {
					continue
				}
				seen[key] = true
				d.Facts = append(d.Facts, fact)
			}
		}
		x.facts = nil
	}
	if !o.Open && on(featRoles) {
		if rf := roleFacts(an, ms, table); len(rf) > 0 {
			d.Facts = append(d.Facts, rf...)
			slices.SortStableFunc(d.Facts, func(a, b Fact) int { return a.Sent - b.Sent })
		}
	}
	d.Entities = table.entities()
	return d
}

// factKey identifies a fact within a sentence for removing duplicates.
type factKey struct {
	subj Arg
	rel  string
	obj  Arg
	neg  bool
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// linker turns phrases into fact arguments, linking entities.
type linker struct {
	ms    []mention
	infos []sentenceInfo
	table *entityTable
	// open keeps unresolved pronouns as plain text arguments and gives
	// subjects their prepositional modifiers ("demand for hybrid seeds").
	open bool
	// roles holds the persons' offices and nationalities, made on first use.
	roles map[string]*personRoles
}

// arg makes the argument for phrase p of sentence si (or the literal text
// when p < 0). It reports false for a pronoun subject it cannot resolve.
// owner is the entity of the fact's subject when p is its object: whom
// "his" in "his Russian counterpart" most likely refers to.
func (r *linker) arg(si, p int, text, owner string) (Arg, bool) {
	if p < 0 {
		return Arg{Text: text}, text != ""
	}
	x := &r.infos[si].x
	ph := x.ph[p]
	e := ph.e
	if r.open && ph.ppEnd > e {
		e = ph.ppEnd
	}
	a := Arg{Text: x.src[x.toks[ph.s].Start:x.toks[e-1].End()]}
	if ph.pron {
		w := strings.ToLower(x.toks[ph.s].Text)
		if !personPronouns[w] {
			return a, r.open || !pronouns[w]
		}
		a.Entity = r.pronoun(si, ph.s)
		return a, r.open || a.Entity != ""
	}
	for _, mi := range r.infos[si].mentions {
		m := &r.ms[mi]
		if ph.head >= m.name.s && ph.head < m.name.e {
			a.Entity = m.key
			return a, true
		}
	}
	// a role for a person named elsewhere: "the Russian foreign minister".
	if ph.det && personTitles[strings.ToLower(x.toks[ph.head].Text)] && ph.head < ph.e {
		var words []string
		for k := ph.s + 1; k <= ph.head; k++ {
			words = append(words, lowerWord(x.toks[k].Text))
		}
		if k := r.table.byRole(words); k != "" && strings.EqualFold(x.toks[ph.s].Text, "the") {
			a.Entity = k
		}
	}
	// a counterpart: "his Russian counterpart".
	if a.Entity == "" && on(featCounterpart) {
		a.Entity = r.counterpart(si, p, owner)
	}
	return a, true
}

// pronoun links he/she/him/her at token tok of sentence si to the one
// person mentioned before it in the sentence or the sentence before; failing
// that, to the one person of the nearest earlier sentence that has any.
// Ambiguity gives "".
func (r *linker) pronoun(si, tok int) string {
	cand := r.persons(si, tok)
	for s := si - 1; len(cand) == 0 && s >= 0 && s >= si-3; s-- {
		cand = r.persons(s, 1<<30)
	}
	if len(cand) != 1 {
		return ""
	}
	for k := range cand {
		return k
	}
	return ""
}
