package carb

import (
	"math"
	"strings"
	"testing"
)

func sx(sent string, conf float64, rel string, args ...string) Extraction {
	return Extraction{Sentence: sent, Confidence: conf, Relation: rel, Args: args}
}

const (
	s1 = "Kerry , the secretary , met Lavrov ."
	s2 = "Smith won the race ."
	s3 = "A sentence without gold ."
	// s1key is s1 as written in another tokenisation: the same key.
	s1key = "Kerry, the secretary, met Lavrov."
)

// handGold and handPred are the example worked by hand in TestEvaluateByHand.
var (
	handGold = []Extraction{
		sx(s1, 1, "met", "Kerry", "Lavrov"),
		sx(s1, 1, "is", "Kerry", "secretary"),
		sx(s2, 1, "won", "Smith", "the race"),
	}
	handPred = []Extraction{
		sx(s1key, 0.9, "met", "Kerry", "Lavrov"),
		sx(s1key, 0.5, "be", "Kerry", "the secretary"),
		sx(s3, 0.7, "x", "y", "z"),
	}
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

// TestEvaluateByHand checks the threshold loop and the AUC on an example
// computed by hand. Thresholds are 0.5, 0.7 and 0.9 (0.7 comes from a
// sentence without gold and only adds a point). With the 0.9 prediction
// alone: g1 is matched exactly, so P = 1, R = 1/3; the same at 0.7. At 0.5
// the "be" prediction matches g2 with precision 3/4 and recall 1, so
// P = (1 + 3/4)/2 = 7/8 and R = 2/3, F1 = 28/37, the optimum. AUC over the
// recalls 2/3, 1/3, 1/3, 0 and precisions 7/8, 1, 1, 1:
// (1/3)(7/8 + 1)/2 + 0 + (1/3)(1 + 1)/2 = 31/48.
func TestEvaluateByHand(t *testing.T) {
	s := Evaluate(handGold, handPred)
	want := Score{Precision: 7.0 / 8, Recall: 2.0 / 3, F1: 28.0 / 37, AUC: 31.0 / 48, Threshold: 0.5, Gold: 3, Predicted: 2}
	if !near(s.Precision, want.Precision) || !near(s.Recall, want.Recall) || !near(s.F1, want.F1) ||
		!near(s.AUC, want.AUC) || s.Threshold != want.Threshold || s.Gold != want.Gold || s.Predicted != want.Predicted {
		t.Errorf("Evaluate = %+v\nwant       %+v", s, want)
	}
	c := Curve(handGold, handPred)
	wantC := []Point{{0.5, 7.0 / 8, 2.0 / 3, 28.0 / 37}, {0.7, 1, 1.0 / 3, 0.5}, {0.9, 1, 1.0 / 3, 0.5}}
	if len(c) != len(wantC) {
		t.Fatalf("Curve has %d points, want %d: %+v", len(c), len(wantC), c)
	}
	for i := range c {
		if c[i].Confidence != wantC[i].Confidence || !near(c[i].Precision, wantC[i].Precision) ||
			!near(c[i].Recall, wantC[i].Recall) || !near(c[i].F1, wantC[i].F1) {
			t.Errorf("Curve[%d] = %+v, want %+v", i, c[i], wantC[i])
		}
	}
}

// TestEvaluateGreedy checks CaRB's greedy precision matching, which is not
// an optimal assignment and depends on the order of predictions: g1 scores
// precision 1 with both predictions, g2 scores 2/3 with p1 and 0 with p2.
// Taking (g1, p1) first leaves (g2, p2) = 0; taking (g1, p2) first leaves
// (g2, p1) = 2/3. Recall is (3/4 + 2/3)/2 = 17/24 either way.
func TestEvaluateGreedy(t *testing.T) {
	gold := []Extraction{sx(s2, 1, "won title", "Smith", "2010"), sx(s2, 1, "won", "Smith", "race")}
	p1 := sx(s2, 0.5, "won", "Smith", "2010")
	p2 := sx(s2, 0.5, "title", "Smith", "2010")
	tests := []struct {
		name string
		pred []Extraction
		prec float64
	}{
		{"p1 first", []Extraction{p1, p2}, 1.0 / 2},
		{"p2 first", []Extraction{p2, p1}, 5.0 / 6},
		{"p1 alone", []Extraction{p1}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := Evaluate(gold, tc.pred)
			if !near(s.Precision, tc.prec) {
				t.Errorf("precision = %.4f, want %.4f", s.Precision, tc.prec)
			}
			if !near(s.Recall, 17.0/24) {
				t.Errorf("recall = %.4f, want %.4f", s.Recall, 17.0/24)
			}
		})
	}
}

func TestEvaluateEdges(t *testing.T) {
	gold := []Extraction{sx(s2, 1, "won", "Smith", "the race")}
	tests := []struct {
		name       string
		gold, pred []Extraction
		want       Score
	}{
		{"nothing", nil, nil, Score{}},
		{"no prediction", gold, nil, Score{Gold: 1}},
		{"predictions on other sentences", gold, []Extraction{sx(s3, 0.4, "x", "y", "z")},
			Score{Precision: 1, AUC: 0, Threshold: 0.4, Gold: 1}},
		{"no gold", nil, []Extraction{sx(s3, 0.4, "x", "y", "z")}, Score{Precision: 1, Threshold: 0.4}},
		{"NaN confidence ignored", gold, []Extraction{sx(s2, math.NaN(), "won", "Smith", "the race")}, Score{Gold: 1}},
		{"perfect", gold, []Extraction{sx(s2, 0.3, "won", "Smith", "the race")},
			Score{Precision: 1, Recall: 1, F1: 1, AUC: 1, Threshold: 0.3, Gold: 1, Predicted: 1}},
		{"wrong", gold, []Extraction{sx(s2, 0.3, "lost", "Smith", "the race")},
			Score{Precision: 0, Recall: 0, F1: 0, AUC: 0, Threshold: 0.3, Gold: 1, Predicted: 1}},
		{"same key, later text replaces earlier group", []Extraction{
			sx(s2, 1, "won", "Smith", "the race"), sx("Smith won the race!", 1, "lost", "Jones", "it"),
		}, []Extraction{sx(s2, 0.3, "won", "Smith", "the race")},
			Score{Precision: 0, Recall: 0, F1: 0, Threshold: 0.3, Gold: 1, Predicted: 1}},
		{"same key in predictions, later text wins", gold, []Extraction{
			sx(s2, 0.3, "won", "Smith", "the race"), sx("Smith won the race!", 0.6, "lost", "Jones", "it"),
		}, Score{Precision: 0, Recall: 0, F1: 0, Threshold: 0.6, Gold: 1, Predicted: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := Evaluate(tc.gold, tc.pred)
			if !near(s.Precision, tc.want.Precision) || !near(s.Recall, tc.want.Recall) || !near(s.F1, tc.want.F1) ||
				!near(s.AUC, tc.want.AUC) || s.Threshold != tc.want.Threshold || s.Gold != tc.want.Gold ||
				s.Predicted != tc.want.Predicted {
				t.Errorf("Evaluate = %+v, want %+v", s, tc.want)
			}
		})
	}
}

// TestEvaluateOptimum checks that of equal F1 values the lowest
// threshold wins (np.argmax) and that the F1 optimum need not be the lowest
// threshold.
func TestEvaluateOptimum(t *testing.T) {
	gold := []Extraction{sx(s2, 1, "won", "Smith", "the race")}
	pred := []Extraction{
		sx(s2, 0.9, "won", "Smith", "the race"),
		sx(s2, 0.2, "lost", "Smith", "the race"), // lowers precision only
	}
	s := Evaluate(gold, pred)
	if s.Threshold != 0.9 || !near(s.F1, 1) {
		t.Errorf("optimum at %v with F1 %v, want 0.9 with 1", s.Threshold, s.F1)
	}
	// 0.2 → P 1/2, R 1; 0.9 → P 1, R 1: AUC = 0 + (1 - 0)(1 + 1)/2 = 1.
	if !near(s.AUC, 1) {
		t.Errorf("AUC = %v, want 1", s.AUC)
	}
	pred[0].Confidence, pred[1].Confidence = 0.2, 0.9 // now 0.9 → P 0, R 0
	s = Evaluate(gold, pred)
	if s.Threshold != 0.2 || !near(s.F1, 2.0/3) {
		t.Errorf("optimum at %v with F1 %v, want 0.2 with 2/3", s.Threshold, s.F1)
	}
}

func TestDevCurve(t *testing.T) {
	gold, pred := devSets(t)
	c := Curve(gold, pred)
	if len(c) == 0 {
		t.Fatal("empty curve")
	}
	for i := 1; i < len(c); i++ {
		if c[i].Confidence <= c[i-1].Confidence || c[i].Recall > c[i-1].Recall {
			t.Fatalf("curve not by rising confidence, falling recall at %d: %+v %+v", i, c[i-1], c[i])
		}
	}
	s := Evaluate(gold, pred)
	var best Point
	for _, p := range c {
		if p.F1 > best.F1 {
			best = p
		}
	}
	if best.F1 != s.F1 || best.Confidence != s.Threshold {
		t.Errorf("curve optimum %+v, Evaluate %+v", best, s)
	}
}

func BenchmarkEvaluateDev(b *testing.B) {
	gold, pred := devSets(b)
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(gold, pred)
	}
}

// FuzzEvaluate checks that Evaluate does not panic and keeps its figures in
// [0, 1] on arbitrary tab-format predictions against the hand gold.
func FuzzEvaluate(f *testing.F) {
	f.Add("Smith won the race .\t0.5\twon\tSmith\tthe race\nSmith won the race .\t0.5\tbe\tit")
	f.Add("Kerry , the secretary , met Lavrov .\t1\tsaid\tLavrov\tKerry\tin Paris")
	f.Fuzz(func(t *testing.T, in string) {
		pred, err := ReadTabbed(strings.NewReader(in))
		if err != nil {
			return
		}
		s := Evaluate(handGold, pred)
		for _, v := range []float64{s.Precision, s.Recall, s.F1, s.AUC} {
			if !(v >= 0 && v <= 1+1e-9) {
				t.Fatalf("figure out of [0, 1]: %+v", s)
			}
		}
	})
}
