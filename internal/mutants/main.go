// Command mutants is the mutation campaign against wimlib (make
// fuzz-wimlib): it damages the test vectors in every way of kinds (header
// fields, image count, chunk size, integrity table, blob table, reference
// counts, XML, metadata, file data, truncation), runs the built wimlens
// (info, dir, dir --detailed, verify, cat) and wimlib-imagex verify on each
// copy, with a timeout and a memory limit, and prints what it saw per
// kind: runs, panics, hangs, runs past 1 GiB, misses (copies wimlib's
// verify rejects and ours accepts) and stricter verdicts (ours rejects,
// wimlib's accepts). It exits 1 on any panic, hang, run past 1 GiB or
// miss.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/wimlens/wimlens/internal/wimlibref"
)

var (
	wimlensBin = flag.String("wimlens", "bin/wimlens", "the wimlens binary to attack")
	perKind    = flag.Int("n", 6, "random mutants of each kind per vector, besides the fixed ones")
	seed       = flag.Uint64("seed", 17, "seed of the random mutants")
	timeout    = flag.Duration("timeout", 30*time.Second, "a run taking longer is a hang")
	memLimit   = flag.Int64("mem", 4<<30, "address space a run may take (bytes); runs are also counted past 1 GiB resident")
	only       = flag.String("vectors", "", "comma-separated vector names (default: all)")
	onlyKinds  = flag.String("kinds", "", "comma-separated kinds of mutant (default: all)")
	verbose    = flag.Bool("v", false, "print every finding as it is made")
)

// tally is what the runs of one kind came to.
type tally struct {
	mutants, runs, panics, hangs, big, misses, stricter int
}

func main() {
	flag.Parse()
	if _, err := exec.LookPath("wimlib-imagex"); err != nil {
		fail("wimlib-imagex is not installed (apt-get install wimtools)")
	}
	bin, err := filepath.Abs(*wimlensBin)
	if err != nil {
		fail(err.Error())
	}
	vectors, err := wimlibref.Vectors()
	if err != nil {
		fail(err.Error())
	}
	dir, err := os.MkdirTemp("", "wimlens-mutants-")
	if err != nil {
		fail(err.Error())
	}
	defer os.RemoveAll(dir)
	tallies := map[string]*tally{}
	var findings []string
	start := time.Now()
	for _, v := range vectors {
		if *only != "" && !strings.Contains(","+*only+",", ","+v.Name+",") {
			continue
		}
		s, err := load(v)
		if err != nil {
			fail(fmt.Sprintf("%s: %v", v.Name, err))
		}
		target := catTarget(bin, v.Paths()[0])
		for _, k := range kinds {
			if *onlyKinds != "" && !strings.Contains(","+*onlyKinds+",", ","+k.name+",") {
				continue
			}
			// Each vector and kind draws its own mutants, the same
			// whichever others are made.
			r := rand.New(rand.NewPCG(*seed, fnv(v.Name+"/"+k.name)))
			t := tallies[k.name]
			if t == nil {
				t = &tally{}
				tallies[k.name] = t
			}
			for _, m := range k.make(s, r, *perKind) {
				t.mutants++
				for _, f := range judge(bin, dir, v, m, target, t) {
					f = fmt.Sprintf("%s: %s %s: %s", v.Name, m.kind, m.name, f)
					findings = append(findings, f)
					if *verbose {
						fmt.Fprintln(os.Stderr, f)
					}
				}
			}
		}
	}
	for _, f := range findings {
		fmt.Println(f)
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "kind\tmutants\truns\tpanics\thangs\t>1 GiB\tmisses\tstricter\t")
	var sum tally
	for _, k := range kinds {
		t := tallies[k.name]
		if t == nil {
			continue
		}
		row(w, k.name, t)
		sum.mutants += t.mutants
		sum.runs += t.runs
		sum.panics += t.panics
		sum.hangs += t.hangs
		sum.big += t.big
		sum.misses += t.misses
		sum.stricter += t.stricter
	}
	row(w, "total", &sum)
	w.Flush()
	fmt.Printf("(%s; stricter: copies our verify rejects and wimlib's accepts)\n", time.Since(start).Round(time.Second))
	if sum.panics+sum.hangs+sum.big+sum.misses > 0 {
		os.Exit(1)
	}
}

// fnv is the FNV-1a hash of s, a seed.
func fnv(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := range len(s) {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

func row(w *tabwriter.Writer, name string, t *tally) {
	fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", name, t.mutants, t.runs, t.panics, t.hangs, t.big, t.misses, t.stricter)
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "mutants:", msg)
	os.Exit(2)
}

// catTarget is a file of image 1 with data, for cat: the first that dir
// --detailed of the undamaged vector shows with a nonzero size.
func catTarget(bin, file string) string {
	out, _ := exec.Command(bin, "dir", "--json", file, "1").Output()
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, `"dir":false`) && !strings.Contains(line, `"size":0,`) {
			if i := strings.Index(line, `"path":"`); i >= 0 {
				if p, err := strconv.Unquote(line[i+7 : i+7+strings.Index(line[i+8:], `"`)+2]); err == nil {
					return p
				}
			}
		}
	}
	return "/"
}

// judge writes m's files, runs every command on them, counts the runs in
// t and returns what it found wrong.
func judge(bin, dir string, v wimlibref.Vector, m mutant, target string, t *tally) []string {
	var paths []string
	for i, f := range m.files {
		p := filepath.Join(dir, filepath.Base(v.Files[i]))
		if err := os.WriteFile(p, f, 0o644); err != nil {
			fail(err.Error())
		}
		paths = append(paths, p)
	}
	first := paths[0]
	var found []string
	var ours *result
	for _, args := range [][]string{
		{"info", first}, {"dir", first}, {"dir", "--detailed", first}, {"verify", first}, {"cat", first, "1", target},
	} {
		r := run(append([]string{bin}, args...))
		t.runs++
		found = append(found, r.count(t, "wimlens "+args[0])...)
		if args[0] == "verify" {
			ours = r
		}
	}
	wargs := []string{"wimlib-imagex", "verify", first}
	if len(paths) > 1 {
		wargs = append(wargs, "--ref="+strings.TrimSuffix(first, filepath.Ext(first))+"*"+filepath.Ext(first))
	}
	// wimlib's own trouble is not counted: only its verdict.
	theirs := run(wargs)
	t.runs++
	switch {
	case theirs.hung:
		found = append(found, "wimlib-imagex verify ran past "+timeout.String()+": no verdict to compare")
	case theirs.code != 0 && ours.code == 0:
		t.misses++
		found = append(found, "MISS: wimlib-imagex verify rejects it ("+lastLine(theirs.stderr)+"), wimlens verify says OK")
	case theirs.code == 0 && ours.code != 0:
		t.stricter++
		if *verbose {
			found = append(found, "stricter: wimlens verify: "+lastLine(ours.stdout+"\n"+ours.stderr))
		}
	}
	return found
}

// result is one run: its exit code (-1 when it timed out), output and
// peak resident memory.
type result struct {
	code           int
	stdout, stderr string
	maxRSS         int64
	hung           bool
}

func run(args []string) *result {
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	// prlimit caps the address space; the run is the process it becomes.
	cmd := exec.CommandContext(ctx, "prlimit", append([]string{"--as=" + strconv.FormatInt(*memLimit, 10), "--"}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := &result{stdout: out.String(), stderr: errb.String()}
	if ps := cmd.ProcessState; ps != nil {
		r.code = ps.ExitCode()
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			r.maxRSS = ru.Maxrss << 10
		}
	}
	var ee *exec.ExitError
	if ctx.Err() != nil {
		r.hung, r.code = true, -1
	} else if err != nil && !errors.As(err, &ee) {
		fail(err.Error())
	}
	return r
}

// count adds r's panic, hang and memory to t and says what was wrong.
func (r *result) count(t *tally, what string) []string {
	var found []string
	switch {
	case r.hung:
		t.hangs++
		found = append(found, fmt.Sprintf("HANG: %s ran past %s", what, *timeout))
	case strings.Contains(r.stderr, "panic:") || strings.Contains(r.stderr, "fatal error:") ||
		strings.Contains(r.stderr, "goroutine ") || r.code < 0 || r.code > 2:
		t.panics++
		found = append(found, fmt.Sprintf("PANIC: %s exited %d: %s", what, r.code, firstLines(r.stderr)))
	}
	if r.maxRSS > 1<<30 || strings.Contains(r.stderr, "out of memory") {
		t.big++
		found = append(found, fmt.Sprintf(">1 GiB: %s took %d MiB", what, r.maxRSS>>20))
	}
	return found
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

func firstLines(s string) string {
	lines := strings.SplitN(strings.TrimSpace(s), "\n", 4)
	return strings.Join(lines[:min(len(lines), 3)], " | ")
}
