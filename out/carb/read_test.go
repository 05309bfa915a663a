package carb

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestReadGold(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []Extraction
		wantErr bool
	}{
		{"args, C: dropped, fields stripped",
			" A b . \t made \t Bush \t an offer\tC: context\t in 1990 \n",
			[]Extraction{{Sentence: "A b .", Confidence: 1, Relation: "made", Args: []string{"Bush", "an offer", "in 1990"}}}, false},
		{"relation only, CRLF and blank lines",
			"S .\tis\r\n\r\nT .\thas\tX\r",
			[]Extraction{{Sentence: "S .", Confidence: 1, Relation: "is"}, {Sentence: "T .", Confidence: 1, Relation: "has", Args: []string{"X"}}}, false},
		{"empty middle arg kept", "S\tr\t\tb",
			[]Extraction{{Sentence: "S", Confidence: 1, Relation: "r", Args: []string{"", "b"}}}, false},
		{"one field", "just a sentence\n", nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadGold(strings.NewReader(tc.in))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func TestReadTabbed(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []Extraction
		wantErr bool
	}{
		{"full", "S .\t0.25\tmet\tKerry\tLavrov\tin Paris\n",
			[]Extraction{{Sentence: "S .", Confidence: 0.25, Relation: "met", Args: []string{"Kerry", "Lavrov", "in Paris"}}}, false},
		{"no args, exponent, blank line", "\nS\t1e-3\tis\n",
			[]Extraction{{Sentence: "S", Confidence: 0.001, Relation: "is"}}, false},
		{"bad confidence", "S\thigh\tis\tX\n", nil, true},
		{"NaN confidence", "S\tNaN\tis\tX\n", nil, true},
		{"too few fields", "S\t0.5\n", nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadTabbed(strings.NewReader(tc.in))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func TestReadOpenIE5(t *testing.T) {
	const sent = "This finding indicated that organic compounds could carry current ."
	tests := []struct {
		name    string
		in      string
		want    []Extraction
		wantErr bool
	}{
		{"context prefixed to arg1",
			"0.72\tContext(This finding indicated,List([0, 22)))\tSimpleArgument(organic compounds,List([28, 45)))\tRelation(could carry,List([46, 57)))\tSimpleArgument(current,List([58, 65)))\t" + sent + "\n",
			[]Extraction{{Sentence: sent, Confidence: 0.72, Relation: "could carry", Args: []string{"This finding indicated organic compounds", "current"}}}, false},
		{"context already leading arg1 relation",
			"0.5\tContext(organic compounds could,List([0, 22)))\tSimpleArgument(organic compounds,List([28, 45)))\tRelation(could carry,List([46, 57)))\tSimpleArgument(current,List([58, 65)))\t" + sent,
			[]Extraction{{Sentence: sent, Confidence: 0.5, Relation: "could carry", Args: []string{"organic compounds", "current"}}}, false},
		{"several args of all kinds, split relation",
			"0.96\t\tSimpleArgument(Tom Bradley,List([0, 11)))\tRelation(is mentioned,List([11, 13), [20, 29)))\tSimpleArgument(the company,List([19, 47))); SpatialArgument(at Kettering,List([48, 97))); TemporalArgument(in 1941,List([98, 105)))\tTom Bradley ... . \n",
			[]Extraction{{Sentence: "Tom Bradley ... .", Confidence: 0.96, Relation: "is mentioned", Args: []string{"Tom Bradley", "the company", "at Kettering", "in 1941"}}}, false},
		{"no arg2 skipped",
			"0.71\t\tSimpleArgument(a footballer,List([29, 53)))\tRelation(plays,List([58, 63)))\t\tS .\n", nil, false},
		{"short line with an empty column skipped", "0.7\t\t\tRelation(r,List([0, 1)))\n", nil, false},
		{"short line, trailing tab stripped", "0.7\t\tSimpleArgument(x,List([0, 1)))\t\n", nil, true},
		{"not an element", "0.7\t\tx\tRelation(r,List([0, 1)))\tSimpleArgument(y,List([2, 3)))\tS\n", nil, true},
		{"no sentence", "0.7\t\tSimpleArgument(x,List([0, 1)))\tRelation(r,List([0, 1)))\tSimpleArgument(y,List([2, 3)))\n", nil, true},
		{"bad confidence", "high\t\tSimpleArgument(x,List([0, 1)))\tRelation(r,List([0, 1)))\tSimpleArgument(y,List([2, 3)))\tS\n", nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadOpenIE5(strings.NewReader(tc.in))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %#v\nwant %#v", got, tc.want)
			}
		})
	}
}

func TestWriteTabbedRoundTrip(t *testing.T) {
	in := []Extraction{
		{Sentence: "Kerry met Lavrov in Paris .", Confidence: 0.123456789012345, Relation: "met", Args: []string{"Kerry", "Lavrov", "in Paris"}},
		{Sentence: "It is .", Confidence: 1, Relation: "is"},
		{Sentence: "x", Confidence: 1e-300, Relation: "r", Args: []string{"a"}},
	}
	var buf bytes.Buffer
	if err := WriteTabbed(&buf, in); err != nil {
		t.Fatal(err)
	}
	out, err := ReadTabbed(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip:\n in  %#v\n out %#v", in, out)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteTabbedErrors(t *testing.T) {
	tests := []struct {
		name string
		ex   Extraction
	}{
		{"tab in arg", Extraction{Sentence: "s", Relation: "r", Args: []string{"a\tb"}}},
		{"newline in sentence", Extraction{Sentence: "s\nt", Relation: "r"}},
		{"carriage return in relation", Extraction{Sentence: "s", Relation: "r\r"}},
	}
	for _, tc := range tests {
		if err := WriteTabbed(&bytes.Buffer{}, []Extraction{tc.ex}); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	if err := WriteTabbed(failWriter{}, []Extraction{{Sentence: "s", Relation: "r"}}); err == nil {
		t.Error("failing writer: no error")
	}
}

// readerCheck runs read on in and checks it neither panics nor returns
// extractions with NaN confidences alongside an error.
func readerCheck(t *testing.T, read func(string) ([]Extraction, error), in string) {
	ex, err := read(in)
	if err != nil && ex != nil {
		t.Fatalf("extractions returned with error %v", err)
	}
	for _, e := range ex {
		if e.Confidence != e.Confidence {
			t.Fatalf("NaN confidence in %#v", e)
		}
	}
}

func FuzzReadTabbed(f *testing.F) {
	f.Add("S .\t0.25\tmet\tKerry\tLavrov\tin Paris\n")
	f.Add("\r\nS\t1e-3\tis\r")
	f.Add("S\tinf\t\t\t\n")
	f.Fuzz(func(t *testing.T, in string) {
		readerCheck(t, func(s string) ([]Extraction, error) { return ReadTabbed(strings.NewReader(s)) }, in)
		// What was read writes and reads back the same when the fields
		// are clean.
		ex, err := ReadTabbed(strings.NewReader(in))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if WriteTabbed(&buf, ex) != nil {
			return
		}
		back, err := ReadTabbed(&buf)
		if err != nil || len(back) != len(ex) {
			t.Fatalf("re-read %d of %d extractions: %v", len(back), len(ex), err)
		}
	})
}

func FuzzReadGold(f *testing.F) {
	f.Add(" A b . \t made \t Bush \t an offer\tC: context\t in 1990 \n")
	f.Add("S .\tis\r\n\r\nT .\thas\tX\r")
	f.Fuzz(func(t *testing.T, in string) {
		readerCheck(t, func(s string) ([]Extraction, error) { return ReadGold(strings.NewReader(s)) }, in)
	})
}

func FuzzReadOpenIE5(f *testing.F) {
	f.Add("0.72\tContext(This,List([0, 4)))\tSimpleArgument(a,List([5, 6)))\tRelation(b,List([7, 8)))\tSimpleArgument(c,List([9, 10))); TemporalArgument(d,List([1, 2)))\tThis a b c d .\n")
	f.Add("0.7\t\t),List((\tRelation(r,List(\tx(,List(y\tS")
	f.Fuzz(func(t *testing.T, in string) {
		readerCheck(t, func(s string) ([]Extraction, error) { return ReadOpenIE5(strings.NewReader(s)) }, in)
	})
}
