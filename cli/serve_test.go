//go:build !(js && wasm)

package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"
)

// builtHeaders is _headers as vite.config.ts writes it.
const builtHeaders = `/*
  Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; frame-ancestors 'none'
  X-Content-Type-Options: nosniff
  Cross-Origin-Opener-Policy: same-origin
  Cross-Origin-Embedder-Policy: require-corp
`

// Every response, the page, its scripts, the engine and a 404 alike,
// carries the site's headers: the policy binds the workers too and forbids
// framing, and the page is cross-origin isolated.
func TestServeHandsOutTheApp(t *testing.T) {
	app := fstest.MapFS{
		"index.html":         {Data: []byte("<!doctype html><title>wimlens</title>")},
		"wasm/wimlens.wasm":  {Data: []byte("\x00asm\x01\x00\x00\x00")},
		"assets/app-1234.js": {Data: []byte("console.log(1)")},
		"_headers":           {Data: []byte(builtHeaders)},
	}
	h, err := siteHandler(app)
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	defer srv.Close()
	for path, want := range map[string]struct {
		status int
		mime   string
	}{
		"/":                   {http.StatusOK, "text/html; charset=utf-8"},
		"/wasm/wimlens.wasm":  {http.StatusOK, "application/wasm"},
		"/assets/app-1234.js": {http.StatusOK, "text/javascript; charset=utf-8"},
		"/nothing-here":       {http.StatusNotFound, "text/plain; charset=utf-8"},
	} {
		res, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, want.status, res.StatusCode, path)
		require.Equal(t, want.mime, res.Header.Get("Content-Type"), path)
		csp := res.Header.Get("Content-Security-Policy")
		require.Contains(t, csp, "default-src 'self'", path)
		require.Contains(t, csp, "frame-ancestors 'none'", path)
		require.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"), path)
		require.Equal(t, "same-origin", res.Header.Get("Cross-Origin-Opener-Policy"), path)
		require.Equal(t, "require-corp", res.Header.Get("Cross-Origin-Embedder-Policy"), path)
	}
}

// An app built without _headers, or with one that is not ours, is
// refused rather than served without its policy.
func TestServeRefusesAnAppWithoutItsHeaders(t *testing.T) {
	_, err := siteHandler(fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}})
	require.ErrorContains(t, err, "make build")
	_, err = siteHandler(fstest.MapFS{"_headers": {Data: []byte("/*\nX-Frame-Options DENY\n")}})
	require.ErrorContains(t, err, "line 2")
}

// A port in use is named, with how to choose another.
func TestServeOnABusyPortSaysSo(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	_, err = net.Listen("tcp", ln.Addr().String())
	port := ln.Addr().(*net.TCPAddr).Port
	err = listenError(ln.Addr().String(), err)
	require.EqualError(t, err, fmt.Sprintf("127.0.0.1:%d is already in use (another wimlens serve?): choose another port with --addr, e.g. --addr 127.0.0.1:%d", port, port+1))
}

// A plain `go build ./cli` embeds only the placeholder: serve says so.
func TestServeWithoutTheAppExplains(t *testing.T) {
	if _, err := siteFS(); err == nil {
		t.Skip("this build embeds the web app")
	}
	r := must(t, exitError, "serve")
	require.Contains(t, r.stderr, "make build")
}
