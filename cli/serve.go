//go:build !(js && wasm)

package main

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
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
	h, err := siteHandler(app)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return listenError(*addr, err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
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

// siteHandler serves the app's static files, each response with the
// headers the build wrote in _headers (vite.config.ts: the
// Content-Security-Policy, which as a header also binds the workers and
// forbids framing, no MIME sniffing, and the cross-origin isolation the
// page's verify engines need to share memory).
func siteHandler(app fs.FS) (http.Handler, error) {
	headers, err := siteHeaders(app)
	if err != nil {
		return nil, err
	}
	files := http.FileServerFS(app)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		maps.Copy(w.Header(), headers)
		files.ServeHTTP(w, r)
	}), nil
}

// siteHeaders reads _headers as static hosts do: a "/*" line, then the
// headers for every path, indented, one "Name: value" a line.
func siteHeaders(app fs.FS) (http.Header, error) {
	b, err := fs.ReadFile(app, "_headers")
	if err != nil {
		return nil, errors.New("this binary's web app lacks the headers its build writes (_headers): run `make build` again")
	}
	h := http.Header{}
	for i, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" || strings.TrimSpace(line) == "/*" {
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(line) == line {
			return nil, fmt.Errorf("the web app's _headers, line %d: expected an indented \"Name: value\", got %q", i+1, line)
		}
		h.Set(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	return h, nil
}

// listenError says why serve could not listen, and for a port in use how
// to choose another.
func listenError(addr string, err error) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		other := "127.0.0.1:8081"
		if host, port, err := net.SplitHostPort(addr); err == nil {
			if p, err := strconv.Atoi(port); err == nil && p < 65535 {
				other = net.JoinHostPort(host, strconv.Itoa(p+1))
			}
		}
		return fmt.Errorf("%s is already in use (another wimlens serve?): choose another port with --addr, e.g. --addr %s", addr, other)
	}
	if oe, ok := errors.AsType[*net.OpError](err); ok {
		err = oe.Err // without "listen tcp ADDR", which the message says
	}
	return fmt.Errorf("cannot listen on %s: %w", addr, err)
}
