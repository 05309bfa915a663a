package graph

import (
	"context"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// NamesLabel is the local name of the label of the canonical names and of
// the cross-document merges of entities.
const NamesLabel = "names"

// SameAs is owl:sameAs: <member> owl:sameAs <canonical entity>, under the
// label <B names>.
const SameAs = quad.IRI("http://www.w3.org/2002/07/owl#sameAs")

// betterName reports whether name n beats old as an entity's canonical
// name: longer (in characters), or as long and lexically smaller.
func betterName(n, old string) bool {
	ln, lo := utf8.RuneCountInString(n), utf8.RuneCountInString(old)
	return ln > lo || ln == lo && n < old
}

// entityInfo is what the names pass gathers about one entity node.
type entityInfo struct {
	name  string // best full name over the documents
	votes [4]int // documents typing it person, place, organization, thing
}

// merges computes the cross-document merges: a person key of one word
// ("obama") whose word is the last word of exactly one person key of two or
// more words ("barack-obama") is merged into it. It returns member →
// canonical node.
func (s *Store) merges(ents map[quad.Value]*entityInfo) map[quad.Value]quad.Value {
	prefix := string(s.sch.Entity(""))
	bySurname := map[string][]quad.Value{}
	var singles []quad.Value
	for e, in := range ents {
		iri, ok := e.(quad.IRI)
		if !ok || !strings.HasPrefix(string(iri), prefix) {
			continue
		}
		key := string(iri[len(prefix):])
		if k, err := url.PathUnescape(key); err == nil {
			key = k
		}
		v := in.votes
		i := strings.LastIndexByte(key, '-')
		switch {
		case i < 0:
			// a lone surname: typed person somewhere, never place or organization.
			if v[1] == 0 && v[2] == 0 && v[0]+v[3] > 0 {
				singles = append(singles, e)
			}
		case v[0] > 0 && v[0] >= v[1] && v[0] >= v[2]:
			last := key[i+1:]
			bySurname[last] = append(bySurname[last], e)
		}
	}
	out := map[quad.Value]quad.Value{}
	for _, e := range singles {
		key := string(e.(quad.IRI)[len(prefix):])
		if k, err := url.PathUnescape(key); err == nil {
			key = k
		}
		if full := bySurname[key]; len(full) == 1 {
			out[e] = full[0]
		}
	}
	return out
}

// replace turns the quads have into want, deleting and adding the
// difference only. It returns the number of quads changed.
func (s *Store) replace(qs graph.QuadStore, have, want map[quad.Quad]bool) (int, error) {
	var dels, adds []graph.Delta
	for q := range have {
		if !want[q] {
			dels = append(dels, graph.Delta{Quad: q, Action: graph.Delete})
		}
	}
	for q := range want {
		if !have[q] {
			adds = append(adds, graph.Delta{Quad: q, Action: graph.Add})
		}
	}
	// In several transactions (applyIn): a crash in between leaves
	// the stale marker set, and the next run recomputes everything.
	if err := s.applyIn(qs, dels, nil); err != nil {
		return 0, err
	}
	if err := s.applyIn(qs, adds, nil); err != nil {
		return 0, err
	}
	return len(adds) + len(dels), nil
}

// eachWith calls fn for every quad having v in direction dir.
func (s *Store) eachWith(ctx context.Context, qs graph.QuadStore, dir quad.Direction, v quad.Value, fn func(quad.Quad)) error {
	ref := qs.ValueOf(v)
	if ref == nil {
		return nil
	}
	it := qs.QuadIterator(dir, ref)
	defer it.Close()
	return s.scan(ctx, qs, it, func(q quad.Quad) error { fn(q); return nil })
}
