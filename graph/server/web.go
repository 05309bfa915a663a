package server

import (
	"io"
	"io/fs"
	"net/http"
	"path"
)

// csp allows the page nothing but its own files and the API: no inline
// script or style, no other origin.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// webHeaders sets the headers of the page and its files.
func webHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-cache")
}

// page serves the graph page.
func (s *server) page(w http.ResponseWriter, r *http.Request) {
	s.serveFile(w, r, "index.html")
}

// asset serves a file of the page (graph.js, graph.css).
func (s *server) asset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if name == "index.html" || path.Ext(name) == "" {
		http.NotFound(w, r)
		return
	}
	s.serveFile(w, r, name)
}

// serveFile serves an embedded file of the page.
func (s *server) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	fi, err := fs.Stat(s.web, name)
	if err != nil || !fi.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	webHeaders(w)
	// ServeFileFS would redirect index.html to its folder; content is
	// served as is instead (the embedded files have no modification time).
	f, err := s.web.Open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		http.Error(w, "unreadable file", http.StatusInternalServerError)
		return
	}
	http.ServeContent(w, r, name, fi.ModTime(), rs)
}
