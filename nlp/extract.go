package nlp

import (
	"slices"
	"strings"

	"github.com/jdkato/prose/v3/token"
)

// group is a verb group: auxiliaries, adverbs and verbs ("has not yet
// agreed", "decided not to run"), with what the extractor learnt about it.
type group struct {
	s, e     int
	main     int   // last verb
	finite   bool  // opens with a tensed verb or modal
	passive  bool  // be/get + past participle as the last verb
	neg      bool  // a negator inside
	lemmas   []int // content verbs (auxiliaries dropped)
	subj     []int // subject phrases (conjuncts), indices into phrases
	obj      int   // direct object phrase or -1
	objEnd   int   // token after the relation's suffix and object
	inferred bool  // subject came from a rule beyond adjacency
	// participle opens a participial clause after a comma ("…, ultimately
	// tracing the hacker"), whose subject is the main clause's.
	participle bool
	// modifier is a past participle modifying the noun phrase before it.
	modifier bool
}

var auxLemmas = wordSet(`be have do will would can could shall should may might must get`)

// objectControl verbs give their object as the subject of a following
// infinitive: "instructed diplomats to seek".
var objectControl = wordSet(`ask tell instruct order urge allow force persuade encourage invite
	warn advise require enable help expect want permit authorize authorise direct`)

// sentenceExtractor holds one sentence's analysis.
type sentenceExtractor struct {
	src    string
	sent   int
	toks   []token.Token
	ph     []phrase
	at     []int
	groups []group
	facts  []rawFact
	open   bool // Options.Open
}

// rawFact is a fact with its arguments as phrases, before entity linking.
type rawFact struct {
	subj, obj   int    // phrase indices, or -1 for literal text
	subjText    string // the subject when subj < 0
	objText     string
	rel, relTxt string
	neg         bool
	conf        float64
	group       int        // index of the verb group, or -1
	inverted    bool       // a passive with agent: obj is the surface subject
	extras      []rawExtra // complements after the object, then fronted ones
	attr        int        // phrase of the speaker, or -1
	kind        construction
	noObj       bool // the fact has no object (Open IE output only)
}

// rawExtra is an n-ary argument: an optional preposition and a token span.
type rawExtra struct {
	prep int // token index of the preposition, or -1
	s, e int
	kind string
}

func (x *sentenceExtractor) lower(i int) string { return strings.ToLower(x.toks[i].Text) }

// findGroups finds the verb groups of the sentence.
func (x *sentenceExtractor) findGroups() {
	toks, n := x.toks, len(x.toks)
	for i := 0; i < n; i++ {
		tg := toks[i].Tag
		startTo := tg == "TO" && i+1 < n && toks[i+1].Tag == "VB"
		if (!isVerbTag(tg) && !startTo) || x.at[i] >= 0 {
			continue
		}
		g := group{s: i, main: -1, obj: -1}
		j := i
		for j < n {
			t := toks[j].Tag
			switch {
			case isVerbTag(t) && x.at[j] < 0:
				if g.main >= 0 && !x.toBetween(g.main, j) {
					pl := Lemma(toks[g.main].Text, toks[g.main].Tag)
					if !auxLemmas[pl] && !(t == "VB" && (pl == "help" || pl == "let" || pl == "make")) {
						break
					}
				}
				g.main = j
				j++
				continue
			case t == "TO" && j+1 < n && toks[j+1].Tag == "VB":
				j++
				continue
			case isAdjTag(t) && g.main >= 0 && j+2 < n && toks[j+1].Tag == "TO" && toks[j+2].Tag == "VB" &&
				x.at[j] < 0 && Lemma(toks[g.main].Text, toks[g.main].Tag) == "be" && on(featAdjTo):
				j++ // "was able to control", "is likely to win"
				continue
			case t == "RB" || negators[strings.ToLower(toks[j].Text)]:
				k := j
				for k < n && (toks[k].Tag == "RB" || negators[strings.ToLower(toks[k].Text)]) {
					k++
				}
				if k < n && (isVerbTag(toks[k].Tag) || toks[k].Tag == "TO" && k+1 < n && toks[k+1].Tag == "VB") && x.at[k] < 0 {
					j = k
					continue
				}
			}
			break
		}
		g.e = j
		if g.main < 0 {
			i = j
			continue
		}
		for k := i - 1; k >= 0 && (toks[k].Tag == "RB" || negators[x.lower(k)]) && x.at[k] < 0; k-- {
			if negators[x.lower(k)] {
				g.neg = true // "not to move"
			}
		}
		first := i
		if startTo {
			first = i + 1
		}
		switch toks[first].Tag {
		case "VBD", "VBZ", "VBP", "MD":
			g.finite = !startTo
		}
		for k := g.s; k < g.e; k++ {
			if negators[x.lower(k)] || negAdjectives[x.lower(k)] {
				g.neg = true
			}
			if isAdjTag(toks[k].Tag) {
				g.lemmas = append(g.lemmas, k)
			}
			if !isVerbTag(toks[k].Tag) {
				continue
			}
			lem := Lemma(toks[k].Text, toks[k].Tag)
			aux := false
			if k < g.main && auxLemmas[lem] {
				aux = true
				if lem == "get" || lem == "be" {
					if m := x.nextVerb(k, g.e); m >= 0 && toks[m].Tag == "VBN" && m == g.main && !x.toBetween(k, m) {
						g.passive = true
					}
				}
			}
			if !aux {
				g.lemmas = append(g.lemmas, k)
			}
		}
		if toks[g.s].Tag == "VBG" {
			if !on(featParticiple) || !x.participleClause(g.s) {
				i = j - 1 // a gerund or participle modifier
				continue
			}
			g.participle = true
		}
		if toks[g.s].Tag == "VBN" {
			switch {
			case x.takesObject(j) || x.afterComma(g.s) || x.afterAgent(g.s, j):
				g.finite = true
			case on(featModifier) && x.phraseEndingAt(g.s) >= 0 && j+1 < n && toks[j].Tag == "IN" &&
				!subordinators[x.lower(j)] && x.phraseStartingAt(j+1) >= 0:
				// a participle modifier with a complement: "industries
				// backed by expansion" states that they are backed.
				g.passive, g.modifier = true, true
			default:
				i = j - 1 // a bare participle modifier: "the troops deployed there"
				continue
			}
		}
		x.groups = append(x.groups, g)
		i = j - 1
	}
}

// notParticiples are -ing words that act as prepositions.
var notParticiples = wordSet(`including according following regarding concerning excluding
	considering during pending`)

// participleClause reports whether the -ing verb at i opens a participial
// clause: it follows a comma (perhaps with adverbs between).
func (x *sentenceExtractor) participleClause(i int) bool {
	if notParticiples[x.lower(i)] {
		return false
	}
	k := i - 1
	for k >= 0 && x.toks[k].Tag == "RB" {
		k--
	}
	return k > 0 && x.toks[k].Tag == ","
}

// takesObject reports whether a noun phrase (not a time) follows at i.
func (x *sentenceExtractor) takesObject(i int) bool {
	p := x.phraseStartingAt(i)
	return p >= 0 && !x.ph[p].temporal && !x.ph[p].pron
}

// afterComma reports whether a participle follows "NP, apposition," — a
// past tense the tagger took for a participle ("Crimea, a region, rejoined").
func (x *sentenceExtractor) afterComma(i int) bool {
	return i > 0 && x.toks[i-1].Tag == "," && x.phraseEndingAt(i-1) >= 0
}

// afterAgent reports whether a participle at i (group ending at e) follows
// a name or pronoun and no "by": the past tense the tagger took for a
// participle ("the report Reuters published").
func (x *sentenceExtractor) afterAgent(i, e int) bool {
	p := x.phraseEndingAt(i)
	if p < 0 || e < len(x.toks) && x.lower(e) == "by" {
		return false
	}
	return x.ph[p].pron || isNameTok(x.toks, x.ph[p].head)
}

func (x *sentenceExtractor) nextVerb(k, e int) int {
	for m := k + 1; m < e; m++ {
		if isVerbTag(x.toks[m].Tag) {
			return m
		}
	}
	return -1
}

func (x *sentenceExtractor) toBetween(a, b int) bool {
	for m := a + 1; m < b; m++ {
		if x.toks[m].Tag == "TO" {
			return true
		}
	}
	return false
}

// phraseEndingAt returns the phrase whose last token is i-1, or -1.
func (x *sentenceExtractor) phraseEndingAt(i int) int {
	if i <= 0 || i > len(x.toks) {
		return -1
	}
	p := x.at[i-1]
	if p >= 0 && x.ph[p].e == i {
		return p
	}
	return -1
}

func (x *sentenceExtractor) phraseStartingAt(i int) int {
	if i < 0 || i >= len(x.toks) {
		return -1
	}
	p := x.at[i]
	if p >= 0 && x.ph[p].s == i {
		return p
	}
	return -1
}

// isBoundary reports whether token i can stand before a clause's subject.
func (x *sentenceExtractor) isBoundary(i int) bool {
	if i < 0 {
		return true
	}
	t := x.toks[i]
	switch t.Tag {
	case ",", ":", ".", "``", "''", "(", ")", "CC", "WDT", "WP", "WRB", "RB", "IN":
		return true
	}
	return isQuote(t.Text)
}

// nounPreps are prepositions whose phrase usually attaches to a noun.
var nounPreps = wordSet(`of with in on for from over between among about against near along at`)

// ppHost returns the phrase that the prepositional phrase ending in p
// attaches to ("Kerry's meeting with Lavrov"), or -1.
func (x *sentenceExtractor) ppHost(p int) int {
	b := x.ph[p].s - 1
	if b <= 0 || !nounPreps[x.lower(b)] {
		return -1
	}
	q := x.phraseEndingAt(b)
	if q < 0 || x.ph[q].pron || x.ph[q].temporal {
		return -1
	}
	return q
}

// subject finds the subject phrases of group gi.
func (x *sentenceExtractor) subject(gi int) (subj []int, inferred, drop bool) {
	g := &x.groups[gi]
	k := g.s - 1
	for k >= 0 && (x.toks[k].Tag == "RB" || x.toks[k].Tag == "RBR") && x.at[k] < 0 {
		k--
	}
	if k < 0 {
		return nil, false, false
	}
	if x.toks[g.s].Tag == "TO" {
		return x.controlled(gi)
	}
	if g.participle {
		for pg := gi - 1; pg >= 0; pg-- {
			if len(x.groups[pg].subj) > 0 && x.groups[pg].finite {
				return x.groups[pg].subj, true, false
			}
		}
		return nil, false, false
	}
	t := x.toks[k]
	switch {
	case x.phraseEndingAt(k+1) >= 0:
		p := x.phraseEndingAt(k + 1)
		// walk back over a prepositional phrase attached to the subject.
		if q := x.ppHost(p); q >= 0 && x.isBoundary(x.ph[q].s-1) {
			x.ph[q].ppEnd = x.ph[p].e
			return []int{q}, false, false
		}
		subj = []int{p}
		left := x.ph[p].s - 1
		for left > 0 && (x.lower(left) == "and" || len(subj) > 1 && x.toks[left].Tag == ",") {
			q := x.phraseEndingAt(left)
			if q < 0 || x.ph[q].temporal {
				break
			}
			subj = append(subj, q)
			left = x.ph[q].s - 1
		}
		if len(subj) > 1 && (!x.isBoundary(left) || left >= 0 && (x.toks[left].Tag == "IN" || x.toks[left].Tag == "TO")) {
			// the first conjunct is a preposition's object: "plans for an invasion and Kiev …"
			subj = subj[:1]
			left = x.ph[p].s - 1
		}
		if left >= 0 {
			switch x.lower(left) {
			case "if", "unless", "whether":
				return nil, false, true
			}
		}
		slices.Reverse(subj)
		return subj, false, false
	case t.Tag == "WDT" || t.Tag == "WP":
		b := k
		if b > 0 && x.toks[b-1].Tag == "," {
			b--
		}
		if p := x.phraseEndingAt(b); p >= 0 && !x.ph[p].pron {
			if x.ph[p].of >= 0 {
				p = x.ph[p].of // "the legitimacy of a government that seized"
			}
			return []int{p}, true, false
		}
	case t.Tag == "CC" || (t.Tag == "," && k > 0 && x.toks[k-1].Tag == "CC"):
		// shared subject of conjoined verbs.
		for pg := gi - 1; pg >= 0; pg-- {
			if len(x.groups[pg].subj) > 0 && x.groups[pg].finite {
				return x.groups[pg].subj, true, false
			}
		}
	case t.Tag == ",":
		// skip an apposition or relative clause between commas.
		for b := k - 1; b > 0; b-- {
			if x.toks[b].Tag != "," {
				continue
			}
			c := b + 1
			if x.toks[c].Tag == "RB" {
				c++
			}
			nt := x.toks[c].Tag
			if nt == "WDT" || nt == "WP" || x.phraseStartingAt(c) >= 0 && x.phraseEndingAt(k) >= 0 {
				if p := x.phraseEndingAt(b); p >= 0 && !x.ph[p].pron {
					return []int{p}, true, false
				}
			}
			break
		}
	}
	return nil, false, false
}

// onlyAdjuncts reports whether tokens [a, b) are prepositional phrases and
// adverbs only: "met Lavrov in Paris on Sunday to discuss".
func (x *sentenceExtractor) onlyAdjuncts(a, b int) bool {
	if a >= b {
		return false
	}
	for k := a; k < b; k++ {
		if x.at[k] < 0 && x.toks[k].Tag != "IN" && x.toks[k].Tag != "RB" {
			return false
		}
	}
	return true
}

// controlled finds the subject of an infinitive group from the group before.
func (x *sentenceExtractor) controlled(gi int) ([]int, bool, bool) {
	if gi == 0 {
		return nil, false, false
	}
	pg := &x.groups[gi-1]
	start := x.groups[gi].s
	if pg.e != start && (pg.obj < 0 || x.ph[pg.obj].e != start) && !(pg.objEnd == start) && !x.onlyAdjuncts(pg.objEnd, start) {
		return nil, false, false
	}
	if pg.obj >= 0 && x.ph[pg.obj].e == x.groups[gi].s && len(pg.lemmas) > 0 &&
		objectControl[Lemma(x.toks[pg.main].Text, x.toks[pg.main].Tag)] {
		return []int{pg.obj}, true, false
	}
	if len(pg.subj) > 0 {
		return pg.subj, true, false
	}
	return nil, false, false
}

// object finds what follows group g: a direct object or a preposition and
// its object. It returns the relation suffix tokens (particles,
// preposition), the object phrase, and for copulas an adjective phrase.
func (x *sentenceExtractor) object(g *group) (ext []int, obj int, adj span) {
	toks, n := x.toks, len(x.toks)
	k := g.e
	obj = -1
	for k < n {
		w := x.lower(k)
		tg := toks[k].Tag
		if tg == "RP" || (tg == "RB" && particles[w]) ||
			(tg == "IN" && particles[w] && k+1 < n && (toks[k+1].Tag == "IN" || toks[k+1].Tag == "TO")) {
			ext = append(ext, k)
			k++
			continue
		}
		break
	}
	for k < n && (toks[k].Tag == "RB" || toks[k].Tag == "RBR" || toks[k].Tag == "``") && x.at[k] < 0 {
		k++
	}
	for tries := 0; tries < 2 && k < n; tries++ {
		if p := x.phraseStartingAt(k); p >= 0 {
			if x.ph[p].temporal {
				k = x.ph[p].e
				continue
			}
			if startsClause(toks, x.ph[p].e) {
				// "said Russia needs": a clause, not an object; a verb of
				// saying takes it whole.
				if len(ext) == 0 && speechVerbs[Lemma(toks[g.main].Text, toks[g.main].Tag)] {
					if e := x.clauseEnd(k); e-k > 1 {
						return ext, -1, span{k, e}
					}
				}
				return ext, -1, adj
			}
			return ext, p, adj
		}
		w := x.lower(k)
		if (toks[k].Tag == "IN" || toks[k].Tag == "TO") && w != "that" && w != "if" && w != "whether" && w != "because" {
			if p := x.phraseStartingAt(k + 1); p >= 0 && !x.ph[p].temporal {
				return append(ext, k), p, adj
			}
			if k+1 < n && toks[k+1].Tag == "VBG" {
				if p := x.phraseStartingAt(k + 2); p >= 0 {
					// a gerund phrase: "called for finding a compromise".
					return append(ext, k), -1, span{k + 1, x.ph[p].e}
				}
			}
		}
		break
	}
	lem := Lemma(toks[g.main].Text, toks[g.main].Tag)
	if k+1 < n && len(ext) == 0 && x.lower(k) == "that" && toks[k].Tag == "IN" {
		// a that-clause as the object, to the end of the clause.
		if e := x.clauseEnd(k + 1); e-k > 2 {
			return ext, -1, span{k, e}
		}
	}
	if copulas[lem] && k < n && isAdjTag(toks[k].Tag) {
		e := k
		for e < n && (isAdjTag(toks[e].Tag) || toks[e].Tag == "CC" && e+1 < n && isAdjTag(toks[e+1].Tag)) {
			e++
		}
		adj = span{k, e}
	}
	return ext, -1, adj
}

// clauseEnd returns the end of a clause object starting at k: the next
// colon, semicolon or full stop, less trailing commas and quotes.
func (x *sentenceExtractor) clauseEnd(k int) int {
	toks, n := x.toks, len(x.toks)
	e := k
	for e < n && toks[e].Tag != ":" && toks[e].Text != ";" && toks[e].Tag != "." {
		e++
	}
	for e > k && (toks[e-1].Tag == "," || isQuote(toks[e-1].Text) || toks[e-1].Tag == "''") {
		e--
	}
	return e
}

// negAdjectives negate the verb they govern: "was unable to stop".
var negAdjectives = wordSet(`unable unwilling`)

var copulas = wordSet(`be become remain seem appear look stay sound feel`)

// relation builds the normalised relation and its surface text.
func (x *sentenceExtractor) relation(g *group, ext []int, active bool) (string, string) {
	var b strings.Builder
	toks := x.toks
	switch {
	case g.passive && !active:
		b.WriteString("be ")
		b.WriteString(strings.ToLower(toks[g.main].Text))
	case g.passive:
		for _, k := range g.lemmas {
			if k != g.main {
				b.WriteString(Lemma(toks[k].Text, toks[k].Tag))
				b.WriteByte(' ')
			}
		}
		b.WriteString(Lemma(toks[g.main].Text, toks[g.main].Tag))
	default:
		for i, k := range g.lemmas {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(Lemma(toks[k].Text, toks[k].Tag))
		}
		if len(g.lemmas) == 0 {
			b.WriteString(Lemma(toks[g.main].Text, toks[g.main].Tag))
		}
	}
	for _, k := range ext {
		if active && g.passive && x.lower(k) == "by" {
			continue
		}
		b.WriteByte(' ')
		b.WriteString(strings.ToLower(toks[k].Text))
	}
	last := g.e - 1
	if len(ext) > 0 {
		last = ext[len(ext)-1]
	}
	return b.String(), x.src[toks[g.s].Start:toks[last].End()]
}

func (x *sentenceExtractor) phraseText(p int) string {
	return x.src[x.toks[x.ph[p].s].Start:x.toks[x.ph[p].e-1].End()]
}

// extract runs the rules over the sentence's groups, in order.
func (x *sentenceExtractor) extract() {
	scope := false  // a plain negation, carried into the non-finite groups that follow
	denied := false // inside the complement of a denial verb
	relHead := -1   // head of a reduced relative clause awaiting its verb
	var comps []speech
	fronted, frontedEnd := x.frontedAdjuncts()
	for gi := range x.groups {
		g := &x.groups[gi]
		ext, obj, adj := x.object(g)
		g.obj, g.objEnd = obj, g.e
		switch {
		case obj >= 0:
			g.objEnd = x.ph[obj].e
		case len(ext) > 0:
			g.objEnd = ext[len(ext)-1] + 1
		}
		subj, inferred, drop := x.subject(gi)
		// the verb of a clause whose subject sits inside a relative clause.
		if relHead >= 0 && len(subj) == 1 && !inferred && g.finite && x.ph[subj[0]].s > x.ph[relHead].e {
			subj, inferred = []int{relHead}, true
			relHead = -1
		}
		if inferred && !on(featWhRel) && len(subj) > 0 && x.toks[g.s].Tag != "TO" {
			subj = nil
		}
		if len(subj) > 1 && !on(featConj) {
			subj = subj[len(subj)-1:]
		}
		g.subj, g.inferred = subj, inferred
		if g.finite {
			scope = false
			if denied && x.coordinated(g, subj, inferred) {
				denied = false
			}
		}
		neg := g.neg || scope || denied
		for _, s := range subj {
			if x.ph[s].neg {
				neg = true
			}
		}
		if obj >= 0 && x.ph[obj].neg {
			neg = true
		}
		if g.neg || (obj >= 0 && x.ph[obj].neg) || x.negatedComplement(gi) {
			scope = true
		}
		lem := Lemma(x.toks[g.main].Text, x.toks[g.main].Tag)
		if denialVerbs[lem] && !g.neg {
			denied = true
		}
		quoted := false
		if len(subj) == 0 && speechVerbs[lem] && g.finite && on(featSpeechFacts) {
			// inverted speech after a quotation: `…," said Lavrov`.
			if b := g.s - 1; b > 0 && (x.toks[b].Tag == "''" || x.toks[b].Tag == ",") {
				if p := x.phraseStartingAt(g.e); p >= 0 && !x.ph[p].temporal {
					subj, inferred = []int{p}, false
					g.subj = subj
					obj, ext, adj = -1, nil, span{}
				}
			}
		}
		if len(subj) > 0 && speechVerbs[lem] && !drop {
			if c, ok := x.complement(g, obj, adj); ok {
				c.speaker = subj[0]
				comps = append(comps, c)
				if c.s == 0 && obj < 0 && adj.e <= adj.s && on(featSpeechFacts) {
					if q := x.trimQuote(0, min(c.e, x.ph[subj[0]].s)); q.e > q.s {
						adj, quoted = q, true
					}
				}
			}
		}
		if drop || len(subj) == 0 {
			continue
		}
		var frontX []rawExtra
		if on(featFronted) && frontedEnd >= 0 && x.ph[subj[0]].s == frontedEnd {
			frontX = fronted
		}
		// reduced relative clause: "the troops Russia has amassed".
		if len(subj) == 1 && !inferred && !g.passive && g.finite && (obj < 0 || len(ext) > 0 && x.toks[ext[len(ext)-1]].Tag != "RP" && x.toks[ext[len(ext)-1]].Tag != "RB") && !speechVerbs[lem] {
			sp := x.ph[subj[0]]
			if p := x.phraseEndingAt(sp.s); p >= 0 {
				q := x.ph[p]
				hq := x.toks[q.head].Tag
				if q.det && !q.temporal && !q.pron && (hq == "NN" || hq == "NNS") && (isNameTok(x.toks, sp.head) || sp.pron) && !x.initialPrep(q.s) {
					if on(featReducedRel) {
						rel, relTxt := x.relation(g, particlesOnly(x, ext), false)
						x.add(rawFact{subj: subj[0], obj: p, rel: rel, relTxt: relTxt, neg: neg, conf: 0.5,
							group: gi, extras: x.adjuncts(g.e), kind: cReducedRel})
					}
					relHead = p
					continue
				}
			}
		}
		conf := 0.6
		if inferred {
			conf -= 0.15
		}
		base := rawFact{group: gi, neg: neg, kind: cVerb}
		switch {
		case g.passive && len(g.lemmas) > 1:
			// a passive inside a verb chain ("is expected to be dominated"): skip.
		case g.passive && obj >= 0 && len(ext) > 0 && x.lower(ext[len(ext)-1]) == "by":
			if !on(featPassive) {
				break
			}
			f := base
			f.rel, f.relTxt = x.relation(g, ext, true)
			f.inverted, f.conf, f.kind = true, conf-0.05, cPassive
			f.extras = append(x.adjuncts(x.ph[obj].e), frontX...)
			for _, s := range subj {
				f.subj, f.obj = obj, s
				x.add(f)
			}
		case obj >= 0:
			f := base
			f.rel, f.relTxt = x.relation(g, ext, false)
			f.conf = conf
			objs := []int{obj}
			if on(featConj) {
				objs = x.conjoinedObjects(obj)
			}
			f.extras = append(x.adjuncts(x.ph[objs[len(objs)-1]].e), frontX...)
			for _, s := range subj {
				for _, o := range objs {
					f.subj, f.obj = s, o
					x.add(f)
				}
			}
		case adj.e > adj.s:
			f := base
			f.rel, f.relTxt = x.relation(g, ext, false)
			f.objText = x.src[x.toks[adj.s].Start:x.toks[adj.e-1].End()]
			f.conf, f.obj = conf-0.1, -1
			if x.lower(adj.s) == "that" || quoted {
				if !on(featThat) {
					break
				}
				f.conf, f.kind = conf-0.25, cThat
				f.extras = frontX
			} else {
				f.kind = cCopula
				f.extras = append(x.adjuncts(adj.e), frontX...)
			}
			for _, s := range subj {
				f.subj = s
				x.add(f)
			}
		case len(subj) > 1 && reciprocalVerbs[lem] && len(ext) == 0:
			f := base
			f.rel, f.relTxt = x.relation(g, nil, false)
			f.conf, f.kind = conf-0.1, cReciprocal
			f.extras = append(x.adjuncts(g.e), frontX...)
			for i := 1; i < len(subj); i++ {
				f.subj, f.obj = subj[0], subj[i]
				x.add(f)
			}
		case x.open && on(featNoObject) && !(g.passive && len(g.lemmas) > 1):
			// no object: the verb and its adjuncts ("these rebellions were
			// crushed after the battle"), for Open IE output only.
			f := base
			f.rel, f.relTxt = x.relation(g, nil, false)
			f.extras = append(x.adjuncts(g.e), frontX...)
			if len(f.extras) == 0 && !x.clauseFinal(g.e) {
				break
			}
			f.conf, f.kind, f.obj, f.noObj = conf-0.15, cNoObject, -1, true
			for _, s := range subj {
				f.subj = s
				x.add(f)
			}
		}
	}
	if on(featAppos) {
		x.appositives()
	}
	for _, c := range comps {
		for i := range x.facts {
			f := &x.facts[i]
			if f.group < 0 || f.attr >= 0 {
				continue
			}
			if gs := x.groups[f.group].s; gs >= c.s && gs < c.e && f.subj != c.speaker {
				f.attr = c.speaker
			}
		}
	}
}

// speech is the complement of a verb of saying: tokens [s, e) said by the
// speaker phrase.
type speech struct {
	s, e    int
	speaker int
}

// complement finds what a speech verb reports: a that-clause or bare
// clause after it, or a quotation that opens the sentence before its
// subject (`"…," Lavrov told reporters`).
func (x *sentenceExtractor) complement(g *group, obj int, adj span) (speech, bool) {
	n := len(x.toks)
	if adj.e > adj.s && x.lower(adj.s) == "that" {
		return speech{s: adj.s, e: adj.e}, true
	}
	if obj < 0 {
		k := g.e
		for k < n && x.toks[k].Tag == "RB" {
			k++
		}
		if p := x.phraseStartingAt(k); p >= 0 && startsClause(x.toks, x.ph[p].e) {
			e := k
			for e < n && x.toks[e].Text != ";" && x.toks[e].Tag != "." {
				e++
			}
			return speech{s: k, e: e}, true
		}
	}
	// a quotation before the subject: `` … , '' Subject said.
	sb := g.s - 1
	for _, s := range g.subj {
		sb = min(sb, x.ph[s].s-1)
	}
	if sb >= 1 && (isQuote(x.toks[sb].Text) || x.toks[sb].Tag == "''") {
		return speech{s: 0, e: sb}, true
	}
	return speech{}, false
}

// negatedComplement reports whether a negative word stands between group
// gi and the next group ("has no intention of, or interest in, crossing"),
// so the non-finite groups that follow are negated.
func (x *sentenceExtractor) negatedComplement(gi int) bool {
	e := len(x.toks)
	if gi+1 < len(x.groups) {
		e = x.groups[gi+1].s
	}
	for k := x.groups[gi].e; k < e; k++ {
		if negators[x.lower(k)] {
			return true
		}
	}
	return false
}

// clauseFinal reports whether token k ends the clause: the sentence end,
// a comma, semicolon or conjunction.
func (x *sentenceExtractor) clauseFinal(k int) bool {
	if k >= len(x.toks) {
		return true
	}
	switch x.toks[k].Tag {
	case ".", ",", ":", "CC":
		return true
	}
	return false
}

// trimQuote returns [s, e) without the quotes and commas around it.
func (x *sentenceExtractor) trimQuote(s, e int) span {
	skip := func(k int) bool {
		t := x.toks[k]
		return isQuote(t.Text) || t.Tag == "``" || t.Tag == "''" || t.Tag == "," || t.Tag == ":"
	}
	for s < e && skip(s) {
		s++
	}
	for e > s && skip(e-1) {
		e--
	}
	return span{s, e}
}

// coordinated reports whether group g opens a clause coordinated with what
// came before ("… and Kiev recalled"), which ends a denial's scope.
func (x *sentenceExtractor) coordinated(g *group, subj []int, inferred bool) bool {
	b := g.s - 1
	if len(subj) > 0 && !inferred {
		b = x.ph[subj[0]].s - 1
	}
	if b < 0 {
		return false
	}
	switch {
	case x.toks[b].Tag == "CC", x.toks[b].Text == ";":
		return true
	case x.toks[b].Tag == "," && b > 0 && x.toks[b-1].Tag == "CC":
		return true
	}
	return false
}

// subordinators are prepositions (as tagged) that open clauses, not
// prepositional phrases.
var subordinators = wordSet(`that if whether because although though unless whereas while`)

// timePreps open an adjunct that says when.
var timePreps = wordSet(`during since until till after before`)

// placePreps open an adjunct that can say where.
var placePreps = wordSet(`in at near across inside outside throughout from into to`)

// isYear reports whether token i is a four-digit year.
func (x *sentenceExtractor) isYear(i int) bool {
	w := x.toks[i].Text
	return x.toks[i].Tag == "CD" && len(w) == 4 && (w[0] == '1' || w[0] == '2') &&
		strings.Trim(w, "0123456789") == ""
}

// extraKind classifies the adjunct "prep phrase p" (prep < 0: none).
func (x *sentenceExtractor) extraKind(prep, p int) string {
	h := x.ph[p].head
	if x.ph[p].temporal || x.isYear(h) || monthsAndDays[x.lower(h)] || prep >= 0 && timePreps[x.lower(prep)] {
		return TimeArg
	}
	if prep >= 0 && placePreps[x.lower(prep)] && isNameTok(x.toks, h) {
		return PlaceArg
	}
	return OtherArg
}

// adjuncts collects the n-ary arguments that follow a verb's core from
// token k: prepositional phrases and bare time phrases, up to a clause
// boundary.
func (x *sentenceExtractor) adjuncts(k int) []rawExtra {
	if !on(featExtras) {
		return nil
	}
	var out []rawExtra
	n := len(x.toks)
	for k < n && len(out) < 4 {
		for k < n && (x.toks[k].Tag == "RB" || x.toks[k].Tag == "RBR") && !negators[x.lower(k)] && x.at[k] < 0 {
			k++
		}
		if k >= n {
			break
		}
		if p := x.phraseStartingAt(k); p >= 0 {
			if !x.ph[p].temporal && !x.isYear(x.ph[p].head) || startsClause(x.toks, x.ph[p].e) {
				break
			}
			out = append(out, rawExtra{prep: -1, s: x.ph[p].s, e: x.ph[p].e, kind: TimeArg})
			k = x.ph[p].e
			continue
		}
		tg := x.toks[k].Tag
		if (tg != "IN" && tg != "TO") || subordinators[x.lower(k)] {
			break
		}
		p := x.phraseStartingAt(k + 1)
		if p < 0 || x.ph[p].pron && k+2 < n && isVerbTag(x.toks[k+2].Tag) || startsClause(x.toks, x.ph[p].e) {
			break
		}
		out = append(out, rawExtra{prep: k, s: x.ph[p].s, e: x.ph[p].e, kind: x.extraKind(k, p)})
		k = x.ph[p].e
	}
	return out
}

// frontedAdjuncts finds adjuncts that open the sentence before a comma
// ("On Sunday, …", "In 1941, …") and the token where the clause after the
// comma starts, or -1.
func (x *sentenceExtractor) frontedAdjuncts() ([]rawExtra, int) {
	k := 0
	if len(x.toks) > 0 && (x.toks[0].Tag == "RB" || x.toks[0].Tag == "RBR") {
		k = 1 // "Earlier this year"
	}
	xs := x.adjuncts(k)
	if len(xs) == 0 {
		return nil, -1
	}
	end := xs[len(xs)-1].e
	if end+1 >= len(x.toks) || x.toks[end].Tag != "," {
		return nil, -1
	}
	if k == 1 && xs[0].prep < 0 {
		xs[0].s = 0
	}
	return xs, end + 1
}

// possessives adds "X has Y" for a possessive phrase: "Russia's very large
// military presence" → Russia has very large military presence.
func (x *sentenceExtractor) possessives() {
	for p := range x.ph {
		a := x.ph[p]
		if x.at[a.s] != p {
			continue // an inner "of" phrase: its tokens belong to the outer one
		}
		for k := a.s + 1; k < a.head; k++ {
			if x.toks[k].Tag != "POS" {
				continue
			}
			x.add(rawFact{subj: -1, obj: -1, group: -1, kind: cPossessive, rel: "have", relTxt: "has", conf: 0.15,
				subjText: x.src[x.toks[a.s].Start:x.toks[k-1].End()],
				objText:  x.src[x.toks[k+1].Start:x.toks[a.head].End()]})
			break
		}
	}
}

// appositives adds "NP is NP2" for an appositive noun phrase set off by
// commas: "Crimea, a former Ukrainian region, rejoined Russia".
func (x *sentenceExtractor) appositives() {
	n := len(x.toks)
	for p := range x.ph {
		a := x.ph[p]
		if a.pron || a.temporal || a.e+1 >= n || x.toks[a.e].Tag != "," || x.at[a.s] != p {
			continue
		}
		q := x.phraseStartingAt(a.e + 1)
		if q < 0 {
			continue
		}
		b := x.ph[q]
		if b.pron || b.temporal || !b.det || x.toks[b.s].Tag == "PRP$" && !isNameTok(x.toks, a.head) {
			continue
		}
		if b.e < n && x.toks[b.e].Tag != "," && x.toks[b.e].Tag != "." && x.toks[b.e].Tag != ":" {
			continue
		}
		// a list ("A, the B, and C") is no apposition.
		if b.e+1 < n && x.toks[b.e].Tag == "," && (x.toks[b.e+1].Tag == "CC" || x.lower(b.e+1) == "and") {
			continue
		}
		if a.s > 0 && x.lower(a.s-1) == "and" || x.initialPrep(a.s) {
			continue
		}
		x.add(rawFact{subj: p, obj: q, rel: "be", relTxt: "is", conf: 0.5, group: -1, kind: cAppos})
	}
}

// particlesOnly keeps the particles of a relation suffix, dropping a final
// preposition (used when the object is the relative clause's head).
func particlesOnly(x *sentenceExtractor, ext []int) []int {
	out := ext[:0:0]
	for _, k := range ext {
		if x.toks[k].Tag == "RP" || x.toks[k].Tag == "RB" {
			out = append(out, k)
		}
	}
	return out
}

// initialPrep reports whether the phrase at s is the object of a
// preposition that opens the clause ("After the talks Kerry left").
func (x *sentenceExtractor) initialPrep(s int) bool {
	b := s - 1
	return b >= 0 && x.toks[b].Tag == "IN" && x.isBoundary(b-1) && (b == 0 || x.toks[b-1].Tag != "IN")
}

// conjoinedObjects returns the object and the phrases conjoined to it by
// "and"/"or", or in a comma list closed by one ("A, B and C"), unless a
// verb follows a conjunct (a new clause, not a list).
func (x *sentenceExtractor) conjoinedObjects(o int) []int {
	out := []int{o}
	closed := 1 // out[:closed] are certain; the rest await a closing "and"
	n := len(x.toks)
	for {
		e := x.ph[out[len(out)-1]].e
		if e+1 >= n {
			break
		}
		w := x.lower(e)
		k, final := e+1, w == "and" || w == "or"
		if w == "," {
			if nw := x.lower(e + 1); nw == "and" || nw == "or" {
				k, final = e+2, true
			}
		} else if !final {
			break
		}
		q := x.phraseStartingAt(k)
		if q < 0 || x.ph[q].pron {
			break
		}
		if m := x.ph[q].e; m < n && (isVerbTag(x.toks[m].Tag) || x.toks[m].Tag == "RB") {
			break
		}
		out = append(out, q)
		if final {
			closed = len(out)
		}
	}
	return out[:closed]
}

func (x *sentenceExtractor) add(f rawFact) {
	if f.subj == f.obj && f.subj >= 0 {
		return
	}
	f.attr = -1 // attribution is set after all groups are seen
	x.facts = append(x.facts, f)
}
