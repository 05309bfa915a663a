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
}

// rawFact is a fact with its arguments as phrases, before entity linking.
type rawFact struct {
	subj, obj   int // phrase indices
	objText     string
	rel, relTxt string
	neg         bool
	conf        float64
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
			if negators[x.lower(k)] {
				g.neg = true
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
			i = j - 1 // a gerund or participle clause
			continue
		}
		if toks[g.s].Tag == "VBN" {
			if !x.takesObject(j) && !x.afterComma(g.s) && !x.afterAgent(g.s, j) {
				i = j - 1 // a participle modifier: "the troops deployed there"
				continue
			}
			g.finite = true
		}
		x.groups = append(x.groups, g)
		i = j - 1
	}
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
	t := x.toks[k]
	switch {
	case x.phraseEndingAt(k+1) >= 0:
		p := x.phraseEndingAt(k + 1)
		// walk back over a prepositional phrase attached to the subject.
		if q := x.ppHost(p); q >= 0 && x.isBoundary(x.ph[q].s-1) {
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
		if len(subj) > 1 && !x.isBoundary(left) {
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

// controlled finds the subject of an infinitive group from the group before.
func (x *sentenceExtractor) controlled(gi int) ([]int, bool, bool) {
	if gi == 0 {
		return nil, false, false
	}
	pg := &x.groups[gi-1]
	start := x.groups[gi].s
	if pg.e != start && (pg.obj < 0 || x.ph[pg.obj].e != start) && !(pg.objEnd == start) {
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
	for k < n && (toks[k].Tag == "RB" || toks[k].Tag == "RBR") && x.at[k] < 0 {
		k++
	}
	for tries := 0; tries < 2 && k < n; tries++ {
		if p := x.phraseStartingAt(k); p >= 0 {
			if x.ph[p].temporal {
				k = x.ph[p].e
				continue
			}
			if startsClause(toks, x.ph[p].e) {
				return ext, -1, adj // "said Russia needs": a clause, not an object
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
		e := k + 1
		for e < n && toks[e].Tag != ":" && toks[e].Text != ";" && toks[e].Tag != "." {
			e++
		}
		for e > k+1 && (toks[e-1].Tag == "," || isQuote(toks[e-1].Text)) {
			e--
		}
		if e-k > 2 {
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
	scope, sticky := false, false
	var relHead = -1 // head of a reduced relative clause awaiting its verb
	for gi := range x.groups {
		g := &x.groups[gi]
		if g.finite && !sticky {
			scope = false
		}
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
		g.subj, g.inferred = subj, inferred
		neg := g.neg || scope
		for _, s := range subj {
			if x.ph[s].neg {
				neg = true
			}
		}
		if obj >= 0 && x.ph[obj].neg {
			neg = true
		}
		if g.neg || (obj >= 0 && x.ph[obj].neg) {
			scope = true
		}
		lem := Lemma(x.toks[g.main].Text, x.toks[g.main].Tag)
		if denialVerbs[lem] {
			scope, sticky = true, true
		}
		if drop || len(subj) == 0 {
			continue
		}
		// reduced relative clause: "the troops Russia has amassed".
		if len(subj) == 1 && !inferred && !g.passive && g.finite && (obj < 0 || len(ext) > 0 && x.toks[ext[len(ext)-1]].Tag != "RP" && x.toks[ext[len(ext)-1]].Tag != "RB") && !speechVerbs[lem] {
			sp := x.ph[subj[0]]
			if p := x.phraseEndingAt(sp.s); p >= 0 {
				q := x.ph[p]
				hq := x.toks[q.head].Tag
				if q.det && !q.temporal && !q.pron && (hq == "NN" || hq == "NNS") && (isNameTok(x.toks, sp.head) || sp.pron) && !x.initialPrep(q.s) {
					rel, relTxt := x.relation(g, particlesOnly(x, ext), false)
					x.add(subj[0], p, "", rel, relTxt, neg, 0.5)
					relHead = p
					continue
				}
			}
		}
		conf := 0.6
		if inferred {
			conf -= 0.15
		}
		switch {
		case g.passive && len(g.lemmas) > 1:
			// a passive inside a verb chain ("is expected to be dominated"): skip.
		case g.passive && obj >= 0 && len(ext) > 0 && x.lower(ext[len(ext)-1]) == "by":
			rel, relTxt := x.relation(g, ext, true)
			for _, s := range subj {
				x.add(obj, s, "", rel, relTxt, neg, conf-0.05)
			}
		case obj >= 0:
			rel, relTxt := x.relation(g, ext, false)
			objs := x.conjoinedObjects(obj)
			for _, s := range subj {
				for _, o := range objs {
					x.add(s, o, "", rel, relTxt, neg, conf)
				}
			}
		case adj.e > adj.s:
			rel, relTxt := x.relation(g, ext, false)
			at := x.src[x.toks[adj.s].Start:x.toks[adj.e-1].End()]
			c := conf - 0.1
			if x.lower(adj.s) == "that" {
				c = conf - 0.25
			}
			for _, s := range subj {
				x.add(s, -1, at, rel, relTxt, neg, c)
			}
		case len(subj) > 1 && reciprocalVerbs[lem] && len(ext) == 0:
			rel, relTxt := x.relation(g, nil, false)
			for i := 1; i < len(subj); i++ {
				x.add(subj[0], subj[i], "", rel, relTxt, neg, conf-0.1)
			}
		}
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
// "and", unless a verb follows (a new clause, not a list).
func (x *sentenceExtractor) conjoinedObjects(o int) []int {
	out := []int{o}
	for {
		e := x.ph[out[len(out)-1]].e
		if e+1 >= len(x.toks) || x.lower(e) != "and" {
			return out
		}
		q := x.phraseStartingAt(e + 1)
		if q < 0 || x.ph[q].pron {
			return out
		}
		if n := x.ph[q].e; n < len(x.toks) && (isVerbTag(x.toks[n].Tag) || x.toks[n].Tag == "RB") {
			return out
		}
		out = append(out, q)
	}
}

func (x *sentenceExtractor) add(s, o int, objText, rel, relTxt string, neg bool, conf float64) {
	if s == o {
		return
	}
	x.facts = append(x.facts, rawFact{subj: s, obj: o, objText: objText, rel: rel, relTxt: relTxt, neg: neg, conf: conf})
}
