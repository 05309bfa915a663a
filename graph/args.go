package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// QueryArgs is Query with arguments: before src runs, the global JS object
// args holds them (args.name is the value of "name"; a missing argument is
// undefined). The values are
// JSON-encoded into the session, never spliced into code as text, so any
// string is safe, and src keeps its line numbers in error messages. Without
// arguments args is an empty object.
func (s *Store) QueryArgs(ctx context.Context, src string, args map[string]string, limit int, fn func(any) error) error {
	pre, err := argsPrefix(args)
	if err != nil {
		return err
	}
	return s.Query(ctx, pre+src, limit, fn)
}

// argsPrefix returns the statement defining args, on one line with no line
// break, so that it does not shift the query's line numbers.
func argsPrefix(args map[string]string) (string, error) {
	if args == nil {
		args = map[string]string{}
	}
	// encoding/json escapes U+2028 and U+2029 (line terminators in
	// ES5 string literals) and <, >, & (harmless), and always gives a
	// JS object literal for a map of strings; invalid UTF-8 becomes U+FFFD.
	b, err := json.Marshal(args)
	if err != nil {
		return "", fmt.Errorf("encoding query args: %w", err)
	}
	var sb strings.Builder
	sb.Grow(len(b) + 12)
	sb.WriteString("var args = ")
	sb.Write(b)
	sb.WriteString(";")
	return sb.String(), nil
}
