// Command wimlens reads Windows image files (WIM, ESD, split SWM) from the
// command line: info, dir, cat, extract and verify. README.md describes
// the verbs, exit statuses and --json schemas.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	// Ctrl-C cancels the context; verbs stop at their next read and clean
	// up what they were writing.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code, helper := runHelper(ctx)
	if !helper {
		code = run(ctx, os.Args[1:], stdout(), os.Stderr)
	}
	stop()
	os.Exit(code)
}
