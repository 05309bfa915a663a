# newsgraph — make targets. `make run` and `make test` are all a fresh machine needs.
SHELL   := /bin/bash
GO      ?= go
BIN     := bin/newsgraph
SHARED  ?= ../shared
STORE   ?= newsgraph.db

.PHONY: all build run test vet fmt eval eval-seeds bench-rerun clean

all: build

build:
	$(GO) build -o $(BIN) .

# The main job on the shipped sample corpus, into the embedded bolt store,
# then a few Gizmo answers.
run: build
	$(BIN) run --store $(STORE) sample
	@echo '--- who met Kerry?'
	$(BIN) query --store $(STORE) 'entity("Kerry").both(rel("meet with")).out(ng("name")).all()'
	@echo '--- what did Russia annex?'
	$(BIN) query --store $(STORE) 'entity("Russia").out(rel("annex")).out(ng("name")).all()'
	@echo '--- which documents say so?'
	$(BIN) query --store $(STORE) 'entity("Russia").in(g.IRI("rdf:subject")).has(ng("relation"), "annex").out(ng("doc")).out(ng("id")).all()'

test: vet
	$(GO) test -count=1 ./...

vet:
	@test -z "$$(gofmt -l . | tee /dev/stderr)" || { echo "gofmt: files above need formatting"; exit 1; }
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

clean:
	rm -rf bin $(STORE)
