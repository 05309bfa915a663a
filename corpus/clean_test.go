package corpus

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

const (
	s1 = "The central bank raised interest rates by half a point on Thursday, its third rise this year."
	s2 = "“We will not back down,” the minister told reporters in the capital."
	s3 = "Officials said the talks would resume next week in Geneva."
)

func TestClean(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"prose kept", s1 + "\n\n" + s2, s1 + "\n\n" + s2},
		{"quote closing a sentence", "The mayor called the plan “a disgrace.”", "The mayor called the plan “a disgrace.”"},
		{"headline first line", "Mayor unveils plan for new city tram network\n\n" + s1, s1},
		{"quoted headline first line", "Minister 'will not back down'\n\n" + s1, s1},
		{"site name and headline", "The Daily Example\n\nBank raises rates again\n\n" + s1, s1},
		{"all-caps navigation", "SKIP TO CONTENT: Home News\n" + s1, s1},
		{"byline and dateline", s1 + "\nBy Jane Doe and John Roe\nJune 4, 2019\n" + s3, s1 + "\n\n" + s3},
		{"date and byline on one line", "June 4, 2019|By Jane Doe\n" + s1, s1},
		{"newsletter sign-up", s1 + "\nSign up for our daily briefing newsletter.\n" + s3, s1 + "\n\n" + s3},
		{"subscription offer", s1 + "\nSubscribe now for just $1 a week.\n" + s3, s1 + "\n\n" + s3},
		{"comments button", s1 + "\nShow Comments\n" + s3, s1 + "\n\n" + s3},
		{"follow us", s1 + "\nFollow us on Twitter\n" + s3, s1 + "\n\n" + s3},
		{"twitter handle", s1 + "\nTwitter: @janedoe\n" + s3, s1 + "\n\n" + s3},
		{"share button", s1 + "\nShare this article\n" + s3, s1 + "\n\n" + s3},
		{"cookie notice", s1 + "\nWe use cookies to improve your experience.\n" + s3, s1 + "\n\n" + s3},
		{"advertisement", s1 + "\nAdvertisement\n" + s3, s1 + "\n\n" + s3},
		{"image credit", s1 + "\nImage via Flickr\n" + s3, s1 + "\n\n" + s3},
		{"url line", s1 + "\nRead the full report at https://example.org/report\n" + s3, s1 + "\n\n" + s3},
		{"email line", s1 + "\nContact the newsroom at tips@example.com\n" + s3, s1 + "\n\n" + s3},
		{"copyright", s1 + "\n© 2019 Example Media Group. All rights reserved.", s1},
		{"photo caption with credit", s1 + "\nProtesters gather outside parliament on Monday. (AFP)\n" + s3, s1 + "\n\n" + s3},
		{"photo caption with position", s1 + "\nThe two leaders, left, shake hands before the summit.\n" + s3, s1 + "\n\n" + s3},
		{
			"embedded tweet",
			s1 + "\nA great day for the city pic.twitter.com/abc123\n— City Council (@citycouncil) June 4, 2019\n" + s3,
			s1 + "\n\n" + s3,
		},
		{
			"embedded tweet without picture",
			s1 + "\nProud of every volunteer who turned out today.\n— Jane Doe (@janedoe) May 2, 2020\n" + s3,
			s1 + "\n\n" + s3,
		},
		{
			"links to other stories",
			s1 + "\n\nStorm knocks out power to thousands in the north\n\nLocal team wins title after dramatic final\n\nTwitter: @someone",
			s1,
		},
		{"dateline stripped", "LONDON — " + s1, s1},
		{"dateline with agency stripped", "GENEVA, May 3 (Example News) – " + s3, s3},
		{
			"list items kept after prose",
			s1 + "\n\n- Cut fuel duty by 2p\n\n1 Jane Smith (Canada)\n\nLeeds v Chelsea",
			s1 + "\n\n- Cut fuel duty by 2p\n\n1 Jane Smith (Canada)\n\nLeeds v Chelsea",
		},
		{
			"footer with teasers",
			s1 + "\n" + s3 + "\nShow Comments\nMost Read\nSign up for our newsletter.\nThank you for signing up\nHere is the one story everyone is reading today.",
			s1 + "\n\n" + s3,
		},
		{"single advert does not cut the article", s1 + "\nAdvertisement\n" + s2 + "\n" + s3, s1 + "\n\n" + s2 + "\n\n" + s3},
		{
			"hard-wrapped paragraph joined",
			"The committee met on Tuesday to discuss the budget\nproposals, and members agreed that spending on roads\nshould rise by ten percent over the next two years.",
			"The committee met on Tuesday to discuss the budget proposals, and members agreed that spending on roads should rise by ten percent over the next two years.",
		},
		{"lower-case continuation joined", "The minister said the plan would\ngo ahead next year.", "The minister said the plan would go ahead next year."},
		{"lines of a block stay paragraphs", s1 + "\n" + s2 + "\n" + s3, s1 + "\n\n" + s2 + "\n\n" + s3},
		{"spaces collapsed", "Officials  said the\u00a0talks\twould resume next week in Geneva.  ", s3},
		{"long line without final punctuation kept", strings.Repeat("word ", 25) + "end", strings.Repeat("word ", 25) + "end"},
		{"CRLF and zero-width", "Officials said the\u200b talks would resume next week in Geneva.\r\n", s3},
		{"empty", "", ""},
		{"only boilerplate", "Show Comments\nSubscribe\nHome", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Clean(tc.in)
			if got != tc.want {
				t.Errorf("Clean(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			if again := Clean(got); again != got {
				t.Errorf("not idempotent: Clean(Clean(x)) = %q, Clean(x) = %q", again, got)
			}
		})
	}
}

func TestTitle(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"prose first", s1 + "\n" + s2, ""},
		{"headline", "Mayor unveils tram plan\n\n" + s1, "Mayor unveils tram plan"},
		{"site name before headline", "The Daily Example\n\nMayor unveils plan for new city tram network\n\n" + s1, "Mayor unveils plan for new city tram network"},
		{"navigation and byline skipped", "YOU ARE HERE: Home\nMayor unveils tram plan\nMay 4, 2019|By Jane Doe\n" + s1, "Mayor unveils tram plan"},
		{"short headline kept over match details", "Leeds v Chelsea\n\nElland Road\n\n" + s1, "Leeds v Chelsea"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Title(tc.in); got != tc.want {
				t.Errorf("Title() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestTerminal(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"He left.", true},
		{"Is it over?", true},
		{`He said "no."`, true},
		{"He said “no,”", true},
		{"Kerry to meet 'soon'", false},
		{"Jane Smith (Canada)", false},
		{"(It was over.)", true},
		{"Headline without a stop", false},
		{"He listed three things:", true},
		{"", false},
	}
	for _, tc := range tests {
		if got := terminal(tc.in); got != tc.want {
			t.Errorf("terminal(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// shared is the team's data folder, relative to this package.
const shared = "../../shared"

func needShared(t testing.TB, dir string) string {
	t.Helper()
	p := filepath.Join(shared, dir)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data %s not available (%v): skipping", p, err)
	}
	return p
}

// TestCleanSeeds checks the cleaner on the scraped seed articles: no term of
// the boilerplate rows of seeds-negatives.tsv survives, and the key sentences
// do.
func TestCleanSeeds(t *testing.T) {
	dir := needShared(t, "seeds")
	neg := needShared(t, "gold/seeds-negatives.tsv")
	terms := boilerplateTerms(t, neg)
	if len(terms) == 0 {
		t.Fatal("no boilerplate rows found in seeds-negatives.tsv")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seed files in %s: %v", dir, err)
	}
	cleaned := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out := Clean(string(b))
		cleaned[strings.TrimSuffix(filepath.Base(f), ".txt")] = out
		if Clean(out) != out {
			t.Errorf("%s: Clean is not idempotent", f)
		}
	}
	for doc, ts := range terms {
		out, ok := cleaned[doc]
		if !ok {
			t.Errorf("seeds-negatives.tsv names %s, which is not in %s", doc, dir)
			continue
		}
		for _, term := range ts {
			re := regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(term) + `\b`)
			if loc := re.FindStringIndex(out); loc != nil {
				t.Errorf("%s: boilerplate term %q survives: …%s…", doc, term, out[max(0, loc[0]-60):min(len(out), loc[1]+60)])
			}
		}
	}
	key := []string{
		"Russia formally annexed the Russian-dominated Crimean peninsula",
		"Hoping to defuse the diplomatic crisis with Russia over its annexation of Crimea",
		"Klitschko told a congress of his UDAR party",
		"Vitali Klitschko announced that he has decided not to run for president",
		"Lavrov said Russia had no designs on eastern Ukraine",
		"Lavrov nonetheless described the negotiations",
		"the annexation of Crimea from Ukraine",
		"Russian Foreign Minister Sergey Lavrov said that their positions",
		"Kerry met with Lavrov at the residence",
		"The top U.S. and Russian diplomats met Sunday evening in Paris",
	}
	all := strings.Join(mapValues(cleaned), "\n\n")
	for _, k := range key {
		if !strings.Contains(all, k) {
			t.Errorf("key sentence lost: %q", k)
		}
	}
	// Every paragraph must be one line: no paragraph break inside a
	// sentence, no two source paragraphs joined.
	for doc, out := range cleaned {
		for _, p := range strings.Split(out, "\n\n") {
			if strings.Contains(p, "\n") || strings.TrimSpace(p) != p || p == "" {
				t.Errorf("%s: malformed paragraph %q", doc, p)
			}
		}
	}
}

// boilerplateTerms reads the rows of seeds-negatives.tsv whose reason is
// page boilerplate or links to other stories, and returns their subject and
// object terms by document, leaving out pronouns.
func boilerplateTerms(t *testing.T, path string) map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	terms := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 5 || cols[0] == "doc" {
			continue
		}
		why := strings.ToLower(cols[4])
		if !strings.Contains(why, "boilerplate") && !strings.Contains(why, "other stories") {
			continue
		}
		for _, c := range []string{cols[1], cols[3]} {
			for _, term := range strings.Split(c, "|") {
				term = strings.TrimSpace(term)
				if term == "*" || len(term) <= 3 { // "*", "you", "We"
					continue
				}
				terms[cols[0]] = append(terms[cols[0]], term)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return terms
}

func mapValues(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	vs := make([]string, len(keys))
	for i, k := range keys {
		vs[i] = m[k]
	}
	return vs
}

// TestCleanBBC checks that clean articles lose almost nothing: at least 98%
// of the body lines (all but the headline) of a sample of BBC articles
// survive, and the headline does not.
func TestCleanBBC(t *testing.T) {
	dir := needShared(t, "news/bbc")
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no BBC files in %s: %v", dir, err)
	}
	sort.Strings(files)
	step := 1
	if testing.Short() {
		step = 7
	}
	var total, kept, heads, headsKept int
	for i := 0; i < len(files); i += step {
		b, err := os.ReadFile(files[i])
		if err != nil {
			t.Fatal(err)
		}
		out := Clean(string(b))
		paras := map[string]bool{}
		for _, p := range strings.Split(out, "\n\n") {
			paras[p] = true
		}
		lines := strings.Split(string(b), "\n")
		heads++
		if paras[collapseSpace(lines[0])] {
			headsKept++
		}
		for _, l := range lines[1:] {
			if l = collapseSpace(l); l == "" {
				continue
			}
			total++
			if paras[l] {
				kept++
			}
		}
	}
	share := float64(kept) / float64(total)
	t.Logf("BBC: %d of %d body lines kept (%.2f%%), %d of %d headlines kept", kept, total, 100*share, headsKept, heads)
	if share < 0.98 {
		t.Errorf("only %.2f%% of body lines survive, want ≥ 98%%", 100*share)
	}
	if headsKept*10 > heads {
		t.Errorf("%d of %d headlines survive as body text", headsKept, heads)
	}
}

func FuzzClean(f *testing.F) {
	f.Add(s1 + "\n\n" + s2)
	f.Add("Headline here\n\nBy Jane Doe\nLONDON — " + s3 + "\nShow Comments\nSubscribe now.\nMost Read")
	f.Add("a\r\nb\u200b\n\n- item 1\n\n(AFP)")
	f.Add("The plan would\ngo ahead.\n\n\u00a0\u3000x")
	f.Add("A great day pic.twitter.com/x\n— A (@a) May 2, 2020")
	f.Fuzz(func(t *testing.T, in string) {
		out := Clean(in)
		if again := Clean(out); again != out {
			t.Fatalf("not idempotent:\n in %q\nout %q\nagain %q", in, out, again)
		}
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of valid input %q: %q", in, out)
		}
		if strings.Contains(out, "\n\n\n") {
			t.Fatalf("more than one blank line between paragraphs: %q", out)
		}
	})
}

func BenchmarkClean(b *testing.B) {
	text := strings.Repeat(s1+"\n\n"+s2+"\nShow Comments\n"+s3+"\n\n", 200)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Clean(text)
	}
}
