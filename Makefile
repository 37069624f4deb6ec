# wimlens — `make run` serves the app, `make test` runs every test.
# Both install what they need on a fresh Debian machine.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
PORT ?= 8080
FUZZTIME ?= 4s
# Debian packages the tests drive: wimlib-imagex (the reference), 7zz,
# ntfs-3g (NTFS volumes for test vectors), chromium (end-to-end tests).
APT_PKGS := wimtools 7zip ntfs-3g attr chromium
WASM_OUT := web/public/wasm

.PHONY: all deps apt-deps npm-deps test go-test wasm-check fuzz web-test build wasm web run bench bench-quick vectors clean

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

test: deps go-test wasm-check fuzz web-test

go-test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

# The core must build for the browser as well as the host.
wasm-check:
	GOOS=js GOARCH=wasm $(GO) build ./core/...

# Every fuzz target runs briefly, seeded with the test vectors.
fuzz:
	@for pkg in $$($(GO) list ./core/...); do \
		for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "fuzz $$pkg $$t ($(FUZZTIME))"; \
			$(GO) test -run='^$$' -fuzz="^$$t$$" -fuzztime=$(FUZZTIME) $$pkg >/tmp/wimlens-fuzz.log 2>&1 || { cat /tmp/wimlens-fuzz.log; exit 1; }; \
		done; \
	done

web-test: npm-deps
	npx vitest run --passWithNoTests

build: npm-deps
	mkdir -p bin
	$(GO) build -o bin/wimlens ./cli
	npm run build

run: build
	@echo "wimlens on http://127.0.0.1:$(PORT)/"
	npx vite preview --host 127.0.0.1 --port $(PORT) --strictPort

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./core/...

bench-quick:
	$(GO) test -run='^$$' -bench=. -benchtime=200ms ./core/...

# Regenerates every test vector and its golden files (needs root for mounts).
vectors: apt-deps
	bash testvectors/make.sh

clean:
	rm -rf bin dist $(WASM_OUT)
