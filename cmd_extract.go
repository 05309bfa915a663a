package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"newsgraph/corpus"
	"newsgraph/nlp"
	"newsgraph/out/carb"
)

func cmdExtract(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "extract", "[FILE]",
		"Reads plain sentences, one a line, from FILE or stdin, and writes their extractions in CaRB's\n"+
			"tab-separated format: sentence, confidence, relation, arg1, arg2 (surface text).")
	var (
		asDoc   = fs.Bool("doc", false, "treat the whole input as one document instead of one sentence a line")
		workers = fs.Int("workers", 0, "goroutines (default: number of CPUs)")
	)
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	var in io.Reader = e.stdin
	switch len(pos) {
	case 0:
	case 1:
		if pos[0] != "-" {
			f, err := os.Open(pos[0])
			if err != nil {
				fmt.Fprintf(e.stderr, "newsgraph extract: %v\n", err)
				return exitFailed
			}
			defer f.Close()
			in = f
		}
	default:
		fmt.Fprintln(e.stderr, "newsgraph extract: at most one FILE")
		return exitUsage
	}
	b, err := io.ReadAll(in)
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph extract: %v\n", err)
		return exitFailed
	}
	var units []string
	if *asDoc {
		units = []string{string(b)}
	} else {
		for _, l := range strings.Split(string(b), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				units = append(units, l)
			}
		}
	}
	ex, err := extractAll(ctx, units, *workers)
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph extract: %v\n", err)
		return exitFailed
	}
	w := bufio.NewWriter(e.stdout)
	if err := carb.WriteTabbed(w, ex); err != nil {
		fmt.Fprintf(e.stderr, "newsgraph extract: %v\n", err)
		return exitFailed
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(e.stderr, "newsgraph extract: %v\n", err)
		return exitFailed
	}
	return exitOK
}

// ptb maps Penn Treebank escapes, as CaRB's sentences use them, to the
// characters the tagger knows, and back for the output.
var (
	fromPTB = strings.NewReplacer("-LRB-", "(", "-RRB-", ")", "-LSB-", "[", "-RSB-", "]",
		"-LCB-", "{", "-RCB-", "}", "``", "\"", "''", "\"")
	toPTB = strings.NewReplacer("(", "-LRB-", ")", "-RRB-", "[", "-LSB-", "]", "-RSB-",
		"{", "-LCB-", "}", "-RCB-")
)

// extractAll runs the extractor over units (sentences or documents) on
// workers goroutines and returns the extractions in input order. Each
// extraction's Sentence is the unit's sentence as given.
func extractAll(ctx context.Context, units []string, workers int) ([]carb.Extraction, error) {
	an, err := nlp.NewAnnotator()
	if err != nil {
		return nil, err
	}
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	results := make([][]carb.Extraction, len(units))
	next := make(chan int)
	var wg sync.WaitGroup
	var firstErr error
	var once sync.Once
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r, err := extractUnit(ctx, an, i, units[i])
				if err != nil {
					once.Do(func() { firstErr = err })
					continue
				}
				results[i] = r
			}
		}()
	}
	for i := range units {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if firstErr != nil {
		return nil, firstErr
	}
	var all []carb.Extraction
	for _, r := range results {
		all = append(all, r...)
	}
	return all, nil
}

func extractUnit(ctx context.Context, an *nlp.Annotator, i int, text string) ([]carb.Extraction, error) {
	a, err := an.Annotate(ctx, corpus.Doc{ID: fmt.Sprint("s", i), Text: fromPTB.Replace(text)})
	if err != nil {
		return nil, err
	}
	d := nlp.ExtractWith(a, nlp.Options{Open: true})
	var ex []carb.Extraction
	for _, f := range d.Facts {
		sent := text
		if len(d.Sentences) > 1 || sent == "" {
			sent = d.Sentences[f.Sent]
		}
		ex = append(ex, carbTuple(sent, &f))
	}
	return ex, nil
}

// carbTuple writes a fact the way CaRB's gold states it: arguments in
// sentence order (a passive's surface subject first), the relation as
// written, and the n-ary arguments, each with its preposition, after the
// object (CaRB joins all later arguments into one).
func carbTuple(sent string, f *nlp.Fact) carb.Extraction {
	a1, a2 := f.Subject.Text, f.Object.Text
	if f.Inverted {
		a1, a2 = a2, a1
	}
	args := make([]string, 0, 2+len(f.Extras))
	args = append(args, toPTB.Replace(a1), toPTB.Replace(a2))
	for _, x := range f.Extras {
		t := x.Text
		if x.Prep != "" {
			t = x.Prep + " " + t
		}
		args = append(args, toPTB.Replace(t))
	}
	return carb.Extraction{Sentence: sent, Confidence: f.Confidence, Relation: toPTB.Replace(f.RelText), Args: args}
}

func cmdEval(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "eval", "--carb DIR",
		"Scores the extractor on the CaRB benchmark: runs it over DIR/dev-sentences.txt and compares with\n"+
			"DIR/dev-gold.tsv as CaRB does. Prints precision, recall, F1 (at the best threshold) and AUC.")
	var (
		dir     = fs.String("carb", "", "CaRB `DIR` with dev-sentences.txt and dev-gold.tsv")
		split   = fs.String("split", "dev", "the split: files SPLIT-sentences.txt and SPLIT-gold.tsv")
		workers = fs.Int("workers", 0, "goroutines (default: number of CPUs)")
		save    = fs.String("o", "", "also write the extractions to `FILE` (CaRB tab format)")
	)
	pos, code, ok := parse(fs, args)
	if !ok {
		return code
	}
	if *dir == "" || len(pos) > 0 {
		fs.Usage()
		return exitUsage
	}
	gf, err := os.Open(filepath.Join(*dir, *split+"-gold.tsv"))
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph eval: %v\n", err)
		return exitFailed
	}
	gold, err := carb.ReadGold(gf)
	gf.Close()
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph eval: %v\n", err)
		return exitFailed
	}
	b, err := os.ReadFile(filepath.Join(*dir, *split+"-sentences.txt"))
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph eval: %v\n", err)
		return exitFailed
	}
	var sents []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			sents = append(sents, l)
		}
	}
	start := time.Now()
	pred, err := extractAll(ctx, sents, *workers)
	if err != nil {
		fmt.Fprintf(e.stderr, "newsgraph eval: %v\n", err)
		return exitFailed
	}
	secs := time.Since(start).Seconds()
	if *save != "" {
		if err := writeAtomic(*save, func(f *os.File) error { return carb.WriteTabbed(f, pred) }); err != nil {
			fmt.Fprintf(e.stderr, "newsgraph eval: %v\n", err)
			return exitFailed
		}
	}
	s := carb.Evaluate(gold, pred)
	fmt.Fprintf(e.stdout, "CaRB %s: %d sentences, %d gold, %d predicted, %.0f sentences/s\n",
		*split, len(sents), s.Gold, len(pred), float64(len(sents))/secs)
	fmt.Fprintf(e.stdout, "precision %.3f  recall %.3f  F1 %.3f  AUC %.3f  (threshold %.3f)\n",
		s.Precision, s.Recall, s.F1, s.AUC, s.Threshold)
	return exitOK
}
