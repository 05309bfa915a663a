package nlp

import "strings"

// extra turns a raw n-ary argument into its exported form.
func (x *sentenceExtractor) extra(e rawExtra) Extra {
	out := Extra{Kind: e.kind, Text: x.src[x.toks[e.s].Start:x.toks[e.e-1].End()]}
	if e.prep >= 0 {
		out.Prep = x.toks[e.prep].Text
	}
	return out
}

// confidence scores a fact from its features: the construction that found
// it (its base score), whether its subject was inferred, the number of
// extra arguments and relation words (longer, more specific statements are
// more often right), argument lengths and linked entities. The weights were
// calibrated on the CaRB dev split.
func (x *sentenceExtractor) confidence(f *rawFact, fact *Fact) float64 {
	if !on(featConf) {
		return 0.5
	}
	c := f.conf
	c += 0.05 * float64(min(len(fact.Extras), 3))
	c += 0.04 * float64(min(strings.Count(strings.TrimSpace(fact.RelText), " "), 3))
	if fact.Subject.Entity != "" {
		c += 0.05
	}
	if fact.Object.Entity != "" {
		c += 0.05
	}
	if f.subj >= 0 && x.ph[f.subj].e-x.ph[f.subj].s > 8 {
		c -= 0.1
	}
	if f.obj >= 0 {
		switch l := x.ph[f.obj].e - x.ph[f.obj].s; {
		case l > 12:
			c -= 0.1
		case l < 2:
			c -= 0.05
		}
	}
	return min(0.95, max(0.05, round2(c)))
}
