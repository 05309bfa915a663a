package bench

import (
	"fmt"
	"io"
	"runtime"
	"text/tabwriter"
)

func rate(n int, s float64) float64 {
	if s <= 0 {
		return 0
	}
	return float64(n) / s
}

func ratio(a, b float64) float64 {
	if b <= 0 {
		return 0
	}
	return a / b
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// Main is the end-to-end run with the most workers (the last one).
func (r *Report) Main() Run {
	if len(r.Runs) == 0 {
		return Run{}
	}
	return r.Runs[len(r.Runs)-1]
}

// Ratios are the figures the targets are stated in.
type Ratios struct {
	VsProse1, VsProseAll float64 // end-to-end docs/s ÷ prose reference docs/s (1 core, all cores)
	Load                 float64 // our load stage quads/s ÷ Cayley's loader quads/s
	Scaling              float64 // docs/s with the most workers ÷ docs/s with the fewest
}

// Ratios computes the ratios of the report.
func (r *Report) Ratios() Ratios {
	var x Ratios
	m := r.Main()
	e2e := rate(m.Sum.Documents, m.Wall)
	if len(r.Ref) >= 2 {
		x.VsProse1 = ratio(e2e, rate(r.Ref[0].Docs, r.Ref[0].Wall))
		x.VsProseAll = ratio(e2e, rate(r.Ref[1].Docs, r.Ref[1].Wall))
	}
	x.Load = ratio(rate(m.Sum.Quads, m.Sum.Stages["load"].Busy), rate(r.Ceiling.Quads, r.Ceiling.Wall))
	if len(r.Runs) >= 2 {
		x.Scaling = ratio(e2e, rate(r.Runs[0].Sum.Documents, r.Runs[0].Wall))
	}
	return x
}

// Write prints the report as one table.
func (r *Report) Write(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format+"\n", args...) }
	m := r.Main()
	s := m.Sum
	p("newsgraph bench\t%s: %d documents; %d CPUs, %s\t", r.Corpus, r.Docs, r.CPUs, runtime.Version())
	p("")
	if len(r.Runs) == 0 {
		r.writeMemory(p)
		return tw.Flush()
	}
	p("end to end (newsgraph run, workers %d)\ttotal\tper second\t", m.Workers)
	p("documents\t%d\t%.1f\t", s.Documents, rate(s.Documents, m.Wall))
	p("sentences\t%d\t%.0f\t", s.Sentences, rate(s.Sentences, m.Wall))
	p("tokens\t%d\t%.0f\t", s.Tokens, rate(s.Tokens, m.Wall))
	p("facts\t%d\t%.0f\t", s.Facts, rate(s.Facts, m.Wall))
	p("quads loaded\t%d\t%.0f\t", s.Quads, rate(s.Quads, m.Wall))
	p("wall s / CPU s\t%.1f\t%.1f\t", m.Wall, m.CPU)
	p("peak RSS MiB\t%.0f\t\t", mib(m.RSS))
	p("store size MiB\t%.0f\t\t", mib(m.StoreSize))
	p("")
	p("stage (workers %d)\tbusy s\twall s\tCPU s\tdocs/CPU s\t", m.Workers)
	for _, name := range []string{"clean", "annotate", "extract", "load"} {
		st := s.Stages[name]
		p("%s\t%.1f\t%.1f\t%.1f\t%.0f\t", name, st.Busy, st.Wall, st.CPU, rate(s.Documents, st.CPU))
	}
	p("read + clean in-process\t\t%.1f + %.1f\t\t\t", r.Read, r.Clean)
	p("")
	p("workers\twall s\tCPU s\tdocs/s\tpeak RSS MiB\t")
	for _, run := range r.Runs {
		p("%d\t%.1f\t%.1f\t%.1f\t%.0f\t", run.Workers, run.Wall, run.CPU, rate(run.Sum.Documents, run.Wall), mib(run.RSS))
	}
	p("")
	p("limits\tdocs\twall s\tdocs/s\ttokens/s\t")
	for i, ref := range r.Ref {
		name := fmt.Sprintf("(a) prose.NewDocument, all stages, %d worker(s)", ref.Workers)
		if i == 2 {
			name = "    prose without entities, 1 worker"
		}
		p("%s\t%d\t%.1f\t%.1f\t%.0f\t", name, ref.Docs, ref.Wall, rate(ref.Docs, ref.Wall), rate(ref.Tokens, ref.Wall))
	}
	p("load\tquads\twall s\tquads/s\tCPU s\t")
	p("(b) %s, bolt no_bloom\t%d\t%.1f\t%.0f\t%.1f\t", r.Ceiling.How, r.Ceiling.Quads, r.Ceiling.Wall, rate(r.Ceiling.Quads, r.Ceiling.Wall), r.Ceiling.CPU)
	p("    %s, same file\t%d\t%.1f\t%.0f\t%.1f\t", r.OurLoad.How, r.OurLoad.Quads, r.OurLoad.Wall, rate(r.OurLoad.Quads, r.OurLoad.Wall), r.OurLoad.CPU)
	ld := s.Stages["load"]
	p("    our load stage (Put, in the run)\t%d\t%.1f\t%.0f\t%.1f\t", s.Quads, ld.Busy, rate(s.Quads, ld.Busy), ld.CPU)
	p("    export N-Quads\t%d\t%.1f\t%.0f\t%.1f\t", r.Ceiling.Quads, r.Export.Wall, rate(r.Ceiling.Quads, r.Export.Wall), r.Export.CPU)
	p("")
	x := r.Ratios()
	p("ratios\tvalue\ttarget\t")
	p("end-to-end docs/s ÷ (a) 1 core\t%.2f\t≥ 1.0, aim 3\t", x.VsProse1)
	p("end-to-end docs/s ÷ (a) all cores\t%.2f\t\t", x.VsProseAll)
	p("our load quads/s ÷ (b)\t%.2f\t≥ 1.0\t", x.Load)
	if len(r.Runs) >= 2 {
		p("scaling %d → %d workers\t%.2f\t≥ 1.7\t", r.Runs[0].Workers, m.Workers, x.Scaling)
	}
	if len(r.Queries) > 0 {
		p("")
		p("query\truns\tresults\tmedian ms\tp99 ms\t")
		for _, q := range r.Queries {
			if q.Skipped != "" {
				p("%s\tskipped: %s\t\t\t\t", q.Name, q.Skipped)
				continue
			}
			p("%s\t%d\t%d\t%.1f\t%.1f\t", q.Name, q.Runs, q.Results, q.Median.Seconds()*1000, q.P99.Seconds()*1000)
		}
	}
	r.writeMemory(p)
	return tw.Flush()
}

func (r *Report) writeMemory(p func(string, ...any)) {
	if len(r.Memory) > 0 {
		p("")
		p("copies\tdocuments\twall s\tdocs/s\tpeak RSS MiB\t")
		for _, mm := range r.Memory {
			p("%d×\t%d\t%.1f\t%.1f\t%.0f\t", mm.Copies, mm.Sum.Documents, mm.Wall, rate(mm.Sum.Documents, mm.Wall), mib(mm.RSS))
		}
	}
}
