# wimlens — `make run` serves the app, `make test` runs every test.
# Both install what they need on a fresh Debian machine.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
PORT ?= 8080
FUZZTIME ?= 20000x
# Debian packages the tests drive: wimlib-imagex (the reference), 7zz,
# ntfs-3g (NTFS volumes for test vectors), chromium (end-to-end tests).
APT_PKGS := wimtools 7zip ntfs-3g attr chromium
WASM_OUT := web/public/wasm

.PHONY: all deps apt-deps npm-deps test go-test wasm-check fuzz fuzz-wimlib web-test build wasm web run e2e bench bench-quick vectors clean

all: build

deps: apt-deps npm-deps

apt-deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# npm ci only when node_modules is missing or older than the lock file.
npm-deps:
	@if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
		npm ci --no-audit --no-fund --loglevel=error; \
	fi

test: deps go-test wasm-check fuzz web-test e2e

go-test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	# The packages that decode, hash and write on several goroutines, under the race detector.
	$(GO) test -race -count=1 ./core/wim ./core/bulk ./core/export ./wasm/api

# The core must build for the browser as well as the host. The Node calls
# the CLI built for js/wasm uses (cli/internal/nodehost) and the SHA-1 it
# hashes with, the browser's SHA-1 (wasm/jsbridge), the word loads
# only js/wasm builds use (core/compress/internal/le) with the decoder that
# uses them, the XPRESS, LZX and LZMS loops in wasm assembly, and
# verify's helper engine in a worker thread (cli/shard.go), run under Node
# with Go's own runner. Trees nested 16,384 deep are walked under V8's
# default stack, as the page's worker has it: go_js_wasm_exec raises it to
# 8 MB, which hid a call per level.
wasm-check:
	GOOS=js GOARCH=wasm $(GO) build ./core/...
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$$($(GO) env GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm/jsbridge ./cli/internal/nodehost ./core/compress/internal/le ./core/compress/internal/huff ./core/compress/lzms ./core/compress/lzx ./core/compress/xpress
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="$$($(GO) env GOROOT)/lib/wasm/go_js_wasm_exec" -run '^Test(Helper|Host)' ./cli
	GOOS=js GOARCH=wasm $(GO) test -count=1 -exec="node $$($(GO) env GOROOT)/lib/wasm/wasm_exec_node.js" -run 'Deep' ./core/diff ./core/search ./core/meta ./core/sddl ./core/export ./wasm/api

# Every fuzz target runs briefly, seeded with the test vectors. The budget
# is a count of executions, not a duration: Go 1.26's coordinator can fail
# a timed run at its deadline with "context deadline exceeded" and no
# crasher (go.dev/issue/75804, fixed in Go 1.27). Inputs are not minimized:
# minimizing a newly interesting one took longer than the run itself.
fuzz:
	@for pkg in $$($(GO) list ./core/...); do \
		for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "fuzz $$pkg $$t ($(FUZZTIME))"; \
			$(GO) test -run='^$$' -fuzz="^$$t$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=0 $$pkg >/tmp/wimlens-fuzz.log 2>&1 || { cat /tmp/wimlens-fuzz.log; exit 1; }; \
		done; \
	done

# The mutation campaign against wimlib, not part of test (minutes of CPU):
# each test vector damaged in every way of internal/mutants (header fields,
# image count, chunk size, integrity table, blob table, XML, metadata, file
# data, truncation), wimlens (info, dir, dir --detailed, verify, cat) and
# wimlib-imagex verify run on each copy with a timeout and a memory limit.
# It prints a table per kind and fails on a panic, a hang, a run past 1 GiB
# or a miss: a copy wimlib's verify rejects and ours accepts. MUTANTS is
# the random mutants per kind and vector, besides the fixed ones.
MUTANTS ?= 6
fuzz-wimlib: apt-deps
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(GO) build -o "$$tmp/wimlens" ./cli; \
	nice -n 10 $(GO) run ./internal/mutants -wimlens "$$tmp/wimlens" -n $(MUTANTS)

web-test: npm-deps
	npx vitest run

# The browser engine: Go for js/wasm, with the toolchain's own JS glue
# (lib/wasm since Go 1.24, misc/wasm before).
wasm:
	mkdir -p $(WASM_OUT)
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/...
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags=-s -o $(WASM_OUT)/wimlens.wasm ./wasm
	root=$$($(GO) env GOROOT); \
	if [ -f $$root/lib/wasm/wasm_exec.js ]; then cp $$root/lib/wasm/wasm_exec.js $(WASM_OUT)/; \
	else cp $$root/misc/wasm/wasm_exec.js $(WASM_OUT)/; fi

# The static site in dist/, with the sample WIM behind "Open sample".
web: wasm npm-deps
	@if [ -f testvectors/sample.wim ]; then cp testvectors/sample.wim web/public/sample.wim; \
	else echo "note: testvectors/sample.wim is missing; the site ships without a sample"; rm -f web/public/sample.wim; fi
	npm run build

# The binary embeds the built site for `wimlens serve`.
build: web
	mkdir -p bin
	find cli/site -mindepth 1 ! -name .keep -exec rm -rf {} +
	cp -r dist/. cli/site/
	$(GO) build -o bin/wimlens ./cli

# PORT=8081 make run (or make run PORT=8081) serves on another port.
run: build
	@echo "wimlens on http://127.0.0.1:$(PORT)/ (PORT=N make run for another port)"
	npx vite preview --host 127.0.0.1 --port $(PORT) --strictPort

# End-to-end: the built site in Debian's Chromium, driven by playwright-core.
e2e: apt-deps web
	node --test --test-concurrency=1 web/e2e/

# Measurements, never assertions. bench captures /usr/share in every format
# and /usr whole as LZX and XPRESS (cached in /tmp/wimlens-bench; extracting
# /usr takes some 26 GB of disk) and a 1 GiB browser input; bench-quick uses
# a small folder and only the fast steps. wasm-node.sh sets the CLI built for
# js/wasm against 7z-wasm under Node (its own npm install in bench/).
bench: build
	$(GO) test -run='^$$' -bench=. -benchmem ./core/...
	bash bench/verify-vectors.sh
	bash bench/speed.sh
	bash bench/extract.sh
	SRC=/usr FORMATS="lzx xpress" RUNS=2 bash bench/speed.sh
	SRC=/usr FORMATS=lzx RUNS=1 bash bench/extract.sh
	bash bench/wasm-node.sh
	bash bench/cli-dir.sh
	bash bench/windows.sh
	bash bench/windiff.sh
	bash bench/browser-open.sh
	bash bench/browser-registry.sh
	bash bench/browser-open.sh listing
	bash bench/browser-open.sh space
	bash bench/browser-diff.sh
	bash bench/browser-windiff.sh
	bash bench/browser-extract.sh
	bash bench/browser-zip.sh
	bash bench/browser-verify.sh

bench-quick: build
	$(GO) test -run='^$$' -bench=. -benchtime=200ms ./core/...
	RUNS=3 bash bench/verify-vectors.sh
	SRC=/usr/share/doc RUNS=1 bash bench/speed.sh
	SRC=/usr/share/doc RUNS=1 bash bench/wasm-node.sh

# Regenerates every test vector and its golden files (needs root for mounts).
vectors: apt-deps
	bash testvectors/make.sh

clean:
	rm -rf bin dist $(WASM_OUT)
	find cli/site -mindepth 1 ! -name .keep -exec rm -rf {} +
