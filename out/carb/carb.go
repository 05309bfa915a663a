// Package carb is a Go port of the CaRB Open IE scorer (Bhardwaj, Aggarwal
// and Mausam, EMNLP 2019; github.com/dair-iitd/CaRB, carb.py and
// matcher.py) with its default matcher, binary_linient_tuple_match: readers
// for CaRB's gold, tab and OpenIE 4/5 formats, the evaluation (F1-optimal
// point and area under the precision–recall curve) and the curve itself.
package carb

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Score is the result of a CaRB evaluation. Precision, Recall and F1 are
// those of the F1-optimal confidence threshold; values are not rounded
// (CaRB prints them rounded to 3 decimals, as String does).
type Score struct {
	Precision, Recall, F1 float64
	// AUC is the area under the precision–recall curve, with the point
	// (recall 0, precision 1) appended, by the trapezoid rule.
	AUC float64
	// Threshold is the confidence of the F1-optimal point.
	Threshold float64
	// Gold is the number of gold extractions scored (the recall denominator).
	Gold int
	// Predicted is the number of predicted extractions on gold sentences, at
	// any confidence.
	Predicted int
}

// String formats s as CaRB reports it.
func (s Score) String() string {
	return fmt.Sprintf("AUC %.3f  P %.3f  R %.3f  F1 %.3f  (threshold %.3g; %d gold, %d predicted)",
		s.AUC, s.Precision, s.Recall, s.F1, s.Threshold, s.Gold, s.Predicted)
}

// Point is one point of the precision–recall curve: the scores of the
// predictions with confidence ≥ Confidence.
type Point struct {
	Confidence, Precision, Recall, F1 float64
}

// Evaluate scores predictions against gold as CaRB does. Extractions are
// grouped by sentence (exact text, then SentenceKey; as in CaRB, when two
// different texts share a key the later one's group replaces the earlier's);
// predictions on sentences without gold only add thresholds. Predictions with
// a NaN confidence are ignored.
func Evaluate(gold, pred []Extraction) Score {
	s, _ := evaluate(gold, pred, false)
	return s
}

// Curve returns the precision–recall points of Evaluate, one per distinct
// prediction confidence, by ascending confidence (so descending recall).
func Curve(gold, pred []Extraction) []Point {
	_, c := evaluate(gold, pred, true)
	return c
}

// group maps SentenceKey to the indices of the extractions of that
// sentence, in input order; keys lists the keys in order of first
// appearance. As CaRB's normalizeDict, the last raw text wins a key.
func group(ex []Extraction) (keys []string, groups map[string][]int) {
	raw := make(map[string]int)
	var texts []string
	var idx [][]int
	for i := range ex {
		if math.IsNaN(ex[i].Confidence) {
			continue
		}
		g, ok := raw[ex[i].Sentence]
		if !ok {
			g = len(texts)
			raw[ex[i].Sentence] = g
			texts = append(texts, ex[i].Sentence)
			idx = append(idx, nil)
		}
		idx[g] = append(idx[g], i)
	}
	groups = make(map[string][]int, len(texts))
	for g, t := range texts {
		k := SentenceKey(t)
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = idx[g]
	}
	return keys, groups
}

// pair is one gold–prediction cell of a sentence's score matrix.
type pair struct {
	prec float64
	i, j int32
}

// scorer holds the per-sentence scratch space of an evaluation.
type scorer struct {
	m       matcher
	gt, pt  []tuple
	conf    []float64 // confidences of the sentence's predictions
	prec    []float64 // G×P, row-major
	rec     []float64
	pairs   []pair
	rowUsed []bool
	colUsed []bool
	confs   []float64
}

func evaluate(gold, pred []Extraction, curve bool) (Score, []Point) {
	gKeys, gGroups := group(gold)
	_, pGroups := group(pred)

	var th []float64
	for _, idx := range pGroups {
		for _, j := range idx {
			th = append(th, pred[j].Confidence)
		}
	}
	slices.Sort(th)
	th = slices.Compact(th)
	nt := len(th)

	p := make([]float64, nt)
	r := make([]float64, nt)
	plDiff := make([]int, nt+1)
	var sc scorer
	var score Score
	for _, k := range gKeys {
		gi, pi := gGroups[k], pGroups[k]
		score.Gold += len(gi)
		score.Predicted += len(pi)
		if len(pi) > 0 {
			sc.sentence(gold, pred, gi, pi, th, p, r, plDiff)
		}
	}
	if nt == 0 {
		return score, nil // CaRB: no prediction, everything 0
	}

	prec := make([]float64, nt)
	rec := make([]float64, nt)
	pl := 0
	best, bestF1 := 0, math.Inf(-1)
	for k := range nt {
		pl += plDiff[k]
		prec[k] = 1
		if pl > 0 {
			prec[k] = p[k] / float64(pl)
		}
		if score.Gold > 0 {
			rec[k] = r[k] / float64(score.Gold)
		}
		if f := f1(prec[k], rec[k]); f > bestF1 {
			best, bestF1 = k, f
		}
	}
	score.Precision, score.Recall, score.F1 = prec[best], rec[best], bestF1
	score.Threshold = th[best]
	score.AUC = auc(rec, prec)

	var pts []Point
	if curve {
		pts = make([]Point, nt)
		for k := range nt {
			pts[k] = Point{Confidence: th[k], Precision: prec[k], Recall: rec[k], F1: f1(prec[k], rec[k])}
		}
	}
	return score, pts
}

// sentence scores one sentence's gold (gi) and predicted (pi) extractions
// and adds its precision and recall numerators to p and r and its prediction
// counts to plDiff (a difference array), for every threshold index, exactly
// as CaRB's "optimised global match" does.
func (s *scorer) sentence(gold, pred []Extraction, gi, pi []int, th, p, r []float64, plDiff []int) {
	s.gt, s.pt, s.conf = s.gt[:0], s.pt[:0], s.conf[:0]
	for _, i := range gi {
		s.gt = append(s.gt, prepare(&gold[i]))
	}
	for _, j := range pi {
		s.pt = append(s.pt, prepare(&pred[j]))
		s.conf = append(s.conf, pred[j].Confidence)
	}
	ng, np := len(s.gt), len(s.pt)
	s.prec = grow(s.prec, ng*np)
	s.rec = grow(s.rec, ng*np)
	s.pairs = s.pairs[:0]
	for i := range s.gt {
		for j := range s.pt {
			pr, rc := s.m.match(&s.gt[i], &s.pt[j])
			s.prec[i*np+j], s.rec[i*np+j] = pr, rc
			s.pairs = append(s.pairs, pair{pr, int32(i), int32(j)})
		}
	}
	// CaRB's greedy matching takes the best remaining precision, the first
	// in row-major order on ties: the order of this sort.
	slices.SortFunc(s.pairs, func(a, b pair) int {
		if c := cmp.Compare(b.prec, a.prec); c != 0 {
			return c
		}
		if c := cmp.Compare(a.i, b.i); c != 0 {
			return c
		}
		return cmp.Compare(a.j, b.j)
	})
	s.rowUsed = growBool(s.rowUsed, ng)
	s.colUsed = growBool(s.colUsed, np)

	s.confs = append(s.confs[:0], s.conf...)
	slices.Sort(s.confs)
	s.confs = slices.Compact(s.confs)
	prev := 0
	for _, c := range s.confs {
		ci, _ := slices.BinarySearch(th, c)
		ext := 0
		for _, x := range s.conf {
			if x >= c {
				ext++
			}
		}
		var rn float64
		for i := range ng {
			row := s.rec[i*np : (i+1)*np]
			best := 0.0
			for j, x := range row {
				if s.conf[j] >= c && x > best {
					best = x
				}
			}
			rn += best
		}
		var pn float64
		clear(s.rowUsed)
		clear(s.colUsed)
		// Every cell is eligible (CaRB starts from precision −1), so the
		// scan makes min(ng, ext) matches.
		want, n := min(ng, ext), 0
		for _, q := range s.pairs {
			if n == want {
				break
			}
			if s.conf[q.j] < c || s.rowUsed[q.i] || s.colUsed[q.j] {
				continue
			}
			s.rowUsed[q.i], s.colUsed[q.j] = true, true
			pn += q.prec
			n++
		}
		for k := prev; k <= ci; k++ {
			p[k] += pn
			r[k] += rn
		}
		plDiff[prev] += ext
		plDiff[ci+1] -= ext
		prev = ci + 1
	}
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}

func growBool(s []bool, n int) []bool {
	if cap(s) < n {
		return make([]bool, n)
	}
	return s[:n]
}

// f1 is CaRB's F1, 0 when precision and recall are both 0. (CaRB's numpy
// arithmetic makes that case NaN, which np.argmax would then pick as the
// optimum; the port treats it as the 0 CaRB's code intends.)
func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// auc is sklearn.metrics.auc of the curve with (recall 0, precision 1)
// appended: recall never rises with the threshold, so the area is
// −trapz(precision, recall).
func auc(rec, prec []float64) float64 {
	var a float64
	for k := range rec {
		x1, y1 := 0.0, 1.0
		if k+1 < len(rec) {
			x1, y1 = rec[k+1], prec[k+1]
		}
		a += (rec[k] - x1) * (prec[k] + y1) / 2
	}
	return a
}
