package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/wimlens/wimlens/core/wim"
)

// progress returns a wim.Progress that draws a bar on stderr when stderr
// is a terminal, or nil when it is not (a log or a pipe should not fill
// with carriage returns), and a function that clears the bar.
func (e *env) progress(label string) (wim.Progress, func()) {
	if !e.tty {
		return nil, func() {}
	}
	var last time.Time
	drawn := false
	update := func(done, total int64) {
		// Redraw a few times a second: the callback comes every read.
		if now := time.Now(); now.Sub(last) >= 100*time.Millisecond || done == total {
			last = now
			drawn = true
			fmt.Fprintf(e.stderr, "\r%s %s", label, bar(done, total))
		}
	}
	clear := func() {
		if drawn {
			fmt.Fprintf(e.stderr, "\r\033[K")
		}
	}
	return update, clear
}

// bar draws "[#####.....]  50%  1.2 / 2.4 MiB".
func bar(done, total int64) string {
	const width = 30
	frac := 1.0
	if total > 0 {
		frac = min(float64(done)/float64(total), 1)
	}
	n := int(frac * width)
	return fmt.Sprintf("[%s%s] %3.0f%%  %.1f / %.1f MiB",
		strings.Repeat("#", n), strings.Repeat(".", width-n), frac*100, mib(done), mib(total))
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }
