package corpus

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// skipped elements: their content is page furniture, not article text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Form: true, atom.Iframe: true, atom.Svg: true, atom.Math: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Object: true,
	atom.Canvas: true, atom.Video: true, atom.Audio: true,
}

// blocks are elements whose boundaries end a paragraph of text.
var blocks = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Blockquote: true, atom.Caption: true,
	atom.Dd: true, atom.Details: true, atom.Dialog: true, atom.Div: true, atom.Dl: true,
	atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Hr: true, atom.Li: true, atom.Main: true, atom.Ol: true, atom.P: true, atom.Pre: true,
	atom.Section: true, atom.Summary: true, atom.Table: true, atom.Tbody: true,
	atom.Tfoot: true, atom.Thead: true, atom.Tr: true, atom.Ul: true, atom.Title: true,
	atom.Body: true, atom.Legend: true, atom.Menu: true,
}

// htmlText reduces an HTML page to plain text: the content of skipped
// elements is dropped, block boundaries become line breaks (a blank line
// between paragraphs, a single one for <br>), runs of white space collapse to
// one space and entities are decoded. The title is the text of <title>.
func htmlText(src string) (text, title string) {
	z := html.NewTokenizer(strings.NewReader(src))
	var (
		out, tb  strings.Builder
		skip     []atom.Atom // open skipped elements, innermost last
		inTitle  bool
		pre      int
		space    bool // a space is due before the next word
		newlines int  // line breaks at the end of out
	)
	out.Grow(len(src) / 2)
	brk := func(n int) {
		space = false
		if out.Len() == 0 {
			return
		}
		for ; newlines < n; newlines++ {
			out.WriteByte('\n')
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			// io.EOF: a strings.Reader has no other read errors.
			return strings.TrimSpace(out.String()), collapse(tb.String())
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skipped[a] {
				switch {
				case tt == html.StartTagToken:
					skip = append(skip, a)
				case tt == html.EndTagToken:
					for i := len(skip) - 1; i >= 0; i-- {
						if skip[i] == a {
							skip = skip[:i]
							break
						}
					}
				}
				continue
			}
			if len(skip) > 0 {
				continue
			}
			switch {
			case a == atom.Title:
				inTitle = tt == html.StartTagToken
				continue
			case a == atom.Pre:
				if tt == html.StartTagToken {
					pre++
				} else if tt == html.EndTagToken && pre > 0 {
					pre--
				}
			}
			switch {
			case a == atom.Br:
				brk(1)
			case a == atom.Td || a == atom.Th:
				space = out.Len() > 0 && newlines == 0
			case blocks[a]:
				brk(2)
			}
		case html.TextToken:
			if len(skip) > 0 {
				continue
			}
			if inTitle {
				tb.Write(z.Text())
				continue
			}
			t := z.Text()
			if pre > 0 {
				// Preformatted: breaks kept, but never more than one blank line.
				for _, c := range t {
					if c == '\n' {
						if out.Len() > 0 && newlines < 2 {
							out.WriteByte('\n')
							newlines++
						}
						continue
					}
					if space && newlines == 0 {
						out.WriteByte(' ')
					}
					space = false
					newlines = 0
					out.WriteByte(c)
				}
				continue
			}
			for i := 0; i < len(t); i++ {
				c := t[i]
				if isHTMLSpace(c) {
					space = true
					continue
				}
				if space && out.Len() > 0 && newlines == 0 {
					out.WriteByte(' ')
				}
				space = false
				newlines = 0
				out.WriteByte(c)
			}
		}
	}
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// collapse trims s and turns every run of white space into one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
