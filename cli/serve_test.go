//go:build !(js && wasm)

package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"
)

func TestServeHandsOutTheApp(t *testing.T) {
	app := fstest.MapFS{
		"index.html":         {Data: []byte("<!doctype html><title>wimlens</title>")},
		"wasm/wimlens.wasm":  {Data: []byte("\x00asm\x01\x00\x00\x00")},
		"assets/app-1234.js": {Data: []byte("console.log(1)")},
	}
	srv := httptest.NewServer(siteHandler(app))
	defer srv.Close()
	for path, mime := range map[string]string{
		"/": "text/html; charset=utf-8", "/wasm/wimlens.wasm": "application/wasm", "/assets/app-1234.js": "text/javascript; charset=utf-8",
	} {
		res, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusOK, res.StatusCode, path)
		require.Equal(t, mime, res.Header.Get("Content-Type"), path)
		require.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
	}
}

// A plain `go build ./cli` embeds only the placeholder: serve says so.
func TestServeWithoutTheAppExplains(t *testing.T) {
	if _, err := siteFS(); err == nil {
		t.Skip("this build embeds the web app")
	}
	r := must(t, exitError, "serve")
	require.Contains(t, r.stderr, "make build")
}
