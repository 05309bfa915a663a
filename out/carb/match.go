package carb

import "strings"

// tuple is an extraction prepared for matching: made binary (arg1, and the
// later args joined into arg2) and split into words once.
type tuple struct {
	rel  []string
	args [][]string // 0, 1 or 2 word lists
	swap [][]string // args[1], args[0] when there are two
	// said marks gold relations containing said/told/added/adds/says (as
	// substrings, as CaRB tests them): their args may match swapped.
	said bool
}

// saidVerbs are the relations for which CaRB also tries swapped arguments.
var saidVerbs = [...]string{"said", "told", "added", "adds", "says"}

// beForms are the gold words a predicted "be" may match.
var beForms = [...]string{"be", "is", "am", "are", "was", "were", "been", "being"}

func prepare(e *Extraction) tuple {
	t := tuple{rel: words(e.Relation)}
	switch len(e.Args) {
	case 0:
	case 1:
		t.args = [][]string{words(e.Args[0])}
	default:
		var rest []string
		for _, a := range e.Args[1:] {
			rest = append(rest, words(a)...)
		}
		a1 := words(e.Args[0])
		t.args = [][]string{a1, rest}
		t.swap = [][]string{rest, a1}
	}
	for _, v := range saidVerbs {
		if strings.Contains(e.Relation, v) {
			t.said = true
			break
		}
	}
	return t
}

// matcher holds scratch space for token matching.
type matcher struct {
	used []bool
}

// overlap counts the gold words found among pred, each predicted word used
// once (case-sensitive, exact). After it, m.used marks the consumed words.
func (m *matcher) overlap(gold, pred []string) int {
	if cap(m.used) < len(pred) {
		m.used = make([]bool, len(pred), 2*len(pred))
	}
	m.used = m.used[:len(pred)]
	used := m.used
	clear(used)
	n := 0
	for _, w := range gold {
		for j, p := range pred {
			if !used[j] && p == w {
				used[j] = true
				n++
				break
			}
		}
	}
	return n
}

// lenient is CaRB's linient_tuple_match on binary tuples: token precision and
// recall over relation and args; (0, 0) when the relations share no word or
// the prediction lacks an argument the gold tuple has.
func (m *matcher) lenient(gRel []string, gArgs [][]string, pRel []string, pArgs [][]string) (prec, rec float64) {
	pDen, rDen := len(pRel), len(gRel)
	n := m.overlap(gRel, pRel)
	if m.hasUnusedBe(pRel) && hasBeForm(gRel) {
		n++
	}
	if n == 0 {
		return 0, 0
	}
	pNum, rNum := n, n
	for i, ga := range gArgs {
		rDen += len(ga)
		if i >= len(pArgs) {
			return 0, 0 // gold has at most two args here, so i < 2
		}
		pDen += len(pArgs[i])
		k := m.overlap(ga, pArgs[i])
		pNum += k
		rNum += k
	}
	if pDen > 0 {
		prec = float64(pNum) / float64(pDen)
	}
	if rDen > 0 {
		rec = float64(rNum) / float64(rDen)
	}
	return prec, rec
}

func (m *matcher) hasUnusedBe(pred []string) bool {
	for j, w := range pred {
		if w == "be" && !m.used[j] {
			return true
		}
	}
	return false
}

func hasBeForm(gold []string) bool {
	for _, w := range gold {
		for _, f := range beForms {
			if w == f {
				return true
			}
		}
	}
	return false
}

// match is CaRB's binary_linient_tuple_match of gold g and prediction p:
// (precision, recall); for said-type gold relations the better, compared as
// (precision, recall) pairs, of straight and swapped arguments.
func (m *matcher) match(g, p *tuple) (prec, rec float64) {
	prec, rec = m.lenient(g.rel, g.args, p.rel, p.args)
	if !g.said || len(p.args) < 2 {
		return prec, rec // CaRB's swap of fewer than two args is the same tuple
	}
	sp, sr := m.lenient(g.rel, g.args, p.rel, p.swap)
	if sp > prec || (sp == prec && sr > rec) {
		return sp, sr
	}
	return prec, rec
}
