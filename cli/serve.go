//go:build !(js && wasm)

package main

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"time"
)

// site is the web app as `make build` left it in dist/, copied into
// cli/site/ before the binary is built.
//
//go:embed all:site
var site embed.FS

// runServe hands out the embedded web app on a local address, so the
// inspector works with no network and nothing else installed. Files are
// never uploaded: the page reads them in the browser.
func runServe(e *env, args []string) error {
	c := newCommand("serve", 0, 0, "no arguments")
	addr := c.String("addr", "127.0.0.1:8080", "`HOST:PORT` to listen on")
	if _, err := c.parse(args); err != nil {
		return err
	}
	app, err := siteFS()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: siteHandler(app), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(e.stderr, "wimlens: serving the web app on http://%s/ (Ctrl-C stops)\n", ln.Addr())
	go func() {
		<-e.ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return e.ctx.Err()
}

// siteFS is the embedded app, or an error saying how to build it in.
func siteFS() (fs.FS, error) {
	app, err := fs.Sub(site, "site")
	if err == nil {
		_, err = fs.Stat(app, "index.html")
	}
	if err != nil {
		return nil, errors.New("this binary was built without the web app: run `make build`, which embeds it")
	}
	return app, nil
}

// siteHandler serves the app's static files. The page sets its own strict
// Content-Security-Policy; the server only forbids MIME sniffing.
func siteHandler(app fs.FS) http.Handler {
	files := http.FileServerFS(app)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	})
}
