// Package corpus reads news articles from files, folders, JSONL streams and
// gzip archives, and cleans page boilerplate out of their text.
package corpus

// Doc is one article as read from the corpus.
//
// A Doc whose Err is set could not be read or is not usable (binary data,
// invalid UTF-8, empty text, a bad JSONL line). Readers still emit it, so the
// pipeline can report the failure under the document's name while the rest of
// the batch goes on.
type Doc struct {
	ID     string // the JSONL "id" field, else the file name without extension
	Source string // where it came from: a file path, "path:line" for JSONL, "-:line" for stdin
	Title  string
	Date   string
	URL    string
	Text   string // plain text: HTML already reduced to text, not yet cleaned
	Err    error  // why the document is unusable, naming Source and the problem
}
