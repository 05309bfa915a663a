# newsgraph — make targets. `make run` and `make test` are all a fresh machine needs.
SHELL   := /bin/bash
GO      ?= go
BIN     := bin/newsgraph
SHARED  ?= ../shared
STORE   ?= newsgraph.db

.PHONY: all build run test vet fmt eval eval-seeds bench bench-memory bench-rerun bench-pg clean fuzz

all: build

build:
	$(GO) build -o $(BIN) .

# The main job on the shipped sample corpus, into the embedded bolt store,
# then a few Gizmo answers.
run: build
	$(BIN) run --store $(STORE) sample
	@echo '--- whom did Kerry meet?'
	$(BIN) query --store $(STORE) 'entity("Kerry").out(rel("meet with")).out(name).unique().all()'
	@echo '--- what did Russia annex?'
	$(BIN) query --store $(STORE) 'entity("Russia").out(rel("annex")).out(name).unique().all()'
	@echo '--- which documents say so, in which sentence?'
	$(BIN) query --store $(STORE) 'facts("Russia", "annex", "Crimea").tag("fact").out(ng("evidence")).tag("evidence").back("fact").out(ng("doc")).out(ng("id")).all()'

test: vet
	$(GO) test -count=1 ./...

vet:
	@out=$$(gofmt -l .); test -z "$$out" || { echo "$$out"; echo "gofmt: files above need formatting"; exit 1; }
	$(GO) vet ./...

fmt:
	gofmt -w .

# Extraction quality: CaRB dev (precision, recall, F1, AUC), then the seed key facts.
eval: build
	@test -d $(SHARED)/carb || { echo "eval: $(SHARED)/carb not found"; exit 1; }
	$(BIN) eval --carb $(SHARED)/carb
	@$(MAKE) -s eval-seeds

# Key-fact score on the seed articles of ../shared (last line: the score).
eval-seeds: build
	@test -d $(SHARED)/seeds || { echo "eval-seeds: $(SHARED)/seeds not found"; exit 1; }
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(BIN) run --quiet --progress never --store "$$tmp/seeds.db" $(SHARED)/seeds && \
	$(BIN) export --store "$$tmp/seeds.db" --format tsv -o "$$tmp/facts.tsv" && \
	python3 $(SHARED)/gold/kgscore.py "$$tmp/facts.tsv" $(SHARED)/gold

# Throughput, stage times, peak RSS, store size, 1 vs all workers, query
# latency (median, p99 of 100 runs), against prose's own pipeline on the same
# texts and Cayley's own loader on the export: one table (see BENCH.md).
# CAYLEY=path/to/cayley times the cayley binary's "load" instead of the same
# loader in-process.
CAYLEY ?=
bench: build
	@test -d $(SHARED)/news/bbc || { echo "bench: $(SHARED)/news/bbc not found"; exit 1; }
	$(BIN) bench $(if $(CAYLEY),--cayley $(CAYLEY)) $(SHARED)/news/bbc

# Peak RSS of runs on 1, 4 and 16 copies of the BBC corpus (new ids per
# copy): it must not grow with the corpus. Slow (16x is 33,392 articles).
bench-memory: build
	@test -d $(SHARED)/news/bbc || { echo "bench-memory: $(SHARED)/news/bbc not found"; exit 1; }
	$(BIN) bench --memory-only --copies 1,4,16 $(SHARED)/news/bbc

# First run vs unchanged rerun on COPIES x the BBC corpus (10,435 articles
# for 5), into a fresh bolt store: the cost of an incremental rerun.
COPIES ?= 5
bench-rerun: build
	@test -d $(SHARED)/news/bbc || { echo "bench-rerun: $(SHARED)/news/bbc not found"; exit 1; }
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	python3 tools/copies.py $(SHARED)/news/bbc $(COPIES) > "$$tmp/corpus.jsonl" && \
	s=$$(date +%s.%N) && $(BIN) run --progress never --store "$$tmp/b.db" "$$tmp/corpus.jsonl" && \
	m=$$(date +%s.%N) && $(BIN) run --progress never --store "$$tmp/b.db" "$$tmp/corpus.jsonl" && \
	e=$$(date +%s.%N) && \
	awk -v s=$$s -v m=$$m -v e=$$e 'BEGIN { printf "first run %.1f s, unchanged rerun %.1f s: %.1f%% of the first\n", m-s, e-m, 100*(e-m)/(m-s) }'

# Load rate (quads/s) and Gizmo query times, bolt vs PostgreSQL, on the BBC
# corpus (LIMIT=N: its first N articles). Runs on NEWSGRAPH_TEST_PG's server
# (in a new database), else on a throw-away one from .ci/pg-start with fsync
# on. "run" is the whole pipeline; "load" adds the bolt run's export with
# newsgraph load (store writes only). Findings: graph/SCALING.md.
LIMIT ?= 0
bench-pg: build
	@test -d $(SHARED)/news/bbc || { echo "bench-pg: $(SHARED)/news/bbc not found"; exit 1; }
	@set -e; tmp=$$(mktemp -d); own=; url="$$NEWSGRAPH_TEST_PG"; \
	if [ -z "$$url" ]; then url=$$(PG_FSYNC=on .ci/pg-start); own=1; fi; \
	trap 'rm -rf "$$tmp"; if [ -n "$$own" ]; then .ci/pg-stop "$$url"; fi' EXIT; \
	newdb() { d="ngbench_$$1_$$$$"; psql -q "$$url" -c "CREATE DATABASE $$d" >&2; echo "$$url" | sed -E "s#/[^/?]*(\?|$$)#/$$d\1#"; }; \
	pg=$$(newdb run); pgload=$$(newdb load); \
	mkdir "$$tmp/in"; find $(SHARED)/news/bbc -name '*.txt' | sort | { if [ "$(LIMIT)" -gt 0 ]; then head -n $(LIMIT); else cat; fi; } | \
	  while read -r f; do cp "$$f" "$$tmp/in/$$(basename $$(dirname $$f))-$$(basename $$f)"; done; \
	now() { date +%s.%N; }; lbl() { case $$1 in postgres*) echo postgres;; *) echo bolt;; esac; }; \
	for st in "$$tmp/b.db" "$$pg"; do \
	  s=$$(now); $(BIN) run --quiet --progress never --summary-json "$$tmp/sum.json" --store "$$st" "$$tmp/in"; e=$$(now); \
	  python3 -c 'import sys,json; r=json.load(open(sys.argv[3])); t=float(sys.argv[2])-float(sys.argv[1]); print("run   {:9} {} docs, {} quads in {:.1f} s: {:,.0f} quads/s (whole pipeline)".format(sys.argv[4], r["documents"], r["quads"], t, r["quads"]/t))' $$s $$e "$$tmp/sum.json" $$(lbl "$$st"); \
	done; \
	$(BIN) export --store "$$tmp/b.db" -o "$$tmp/g.nq"; n=$$(wc -l < "$$tmp/g.nq"); \
	for st in "$$tmp/l.db" "$$pgload"; do \
	  s=$$(now); $(BIN) load --store "$$st" "$$tmp/g.nq" >/dev/null; e=$$(now); \
	  python3 -c 'import sys; t=float(sys.argv[2])-float(sys.argv[1]); n=int(sys.argv[3]); print("load  {:9} {} quads in {:.1f} s: {:,.0f} quads/s".format(sys.argv[4], n, t, n/t))' $$s $$e $$n $$(lbl "$$st"); \
	done; \
	for st in "$$pg"; do $(BIN) export --store "$$st" | sort > "$$tmp/pg.nq"; sort "$$tmp/g.nq" | cmp -s - "$$tmp/pg.nq" && echo "exports: PostgreSQL = bolt" || echo "exports: PostgreSQL != bolt"; done; \
	printf '%s\n' 'entity("Blair").out(name).all()' \
	  'entity("Blair").in(rdf("subject")).out(ng("relation")).all()' \
	  'g.V().has(ng("polarity"), "-").out(ng("evidence")).all()' \
	  'g.emit(g.V().has(rdf("type"), ng("Document")).count())' \
	  'facts(null, "say", null).out(ng("doc")).out(ng("id")).all()' | \
	while IFS= read -r q; do \
	  for st in "$$tmp/b.db" "$$pg"; do \
	    best=; for i in 1 2 3; do s=$$(now); r=$$($(BIN) query --limit 0 --store "$$st" "$$q" | wc -l); e=$$(now); \
	      t=$$(python3 -c "print(round(($$e-$$s)*1000))"); if [ -z "$$best" ] || [ "$$t" -lt "$$best" ]; then best=$$t; fi; done; \
	    printf 'query %-10s %6s ms %5s rows  %s\n' "$$(lbl "$$st")" "$$best" "$$r" "$$q"; \
	  done; \
	done

# Each fuzzer for FUZZTIME, one after the other (not part of `make test`);
# a summary line per fuzzer, then the total executions. Inputs that fail
# are written to the package's testdata/fuzz and make this target fail.
FUZZTIME ?= 20s
FUZZERS  ?= corpus:FuzzReadFile corpus:FuzzReadGzip corpus:FuzzReadJSONL corpus:FuzzHTML corpus:FuzzClean \
	nlp:FuzzExtract nlp:FuzzParts out:FuzzNQuads
fuzz:
	@total=0; failed=0; log=$$(mktemp); trap 'rm -f "$$log"' EXIT; \
	for pf in $(FUZZERS); do \
		pkg=$${pf%%:*}; fz=$${pf#*:}; \
		if $(GO) test -run '^$$' -fuzz "^$$fz\$$" -fuzztime $(FUZZTIME) ./$$pkg/ >"$$log" 2>&1; then res=ok; else res=FAIL; failed=$$((failed+1)); fi; \
		line=$$(grep -E '^fuzz: elapsed: .*execs: ' "$$log" | tail -1); \
		execs=$$(echo "$$line" | sed -nE 's/.*execs: ([0-9]+).*/\1/p'); execs=$${execs:-0}; \
		new=$$(echo "$$line" | sed -nE 's/.*new interesting: ([0-9]+).*/\1/p'); \
		total=$$((total+execs)); \
		printf '%-8s %-20s %-4s execs %10d  new interesting %s\n' "$$pkg" "$$fz" "$$res" "$$execs" "$${new:-0}"; \
		if [ $$res = FAIL ]; then grep -E -- '--- FAIL|Failing input|testdata/fuzz|panic:' "$$log" | head -5; fi; \
	done; \
	echo "fuzz: $$total executions in total, $$failed fuzzer(s) failed"; \
	[ $$failed -eq 0 ]

clean:
	rm -rf bin $(STORE)
