# Proofpack: `make run` sets up and launches the app; `make test` runs everything CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
APP_BIN := $(TARGET_DIR)/debug/proofpack-app
# Build: webview + GTK headers. Run/test headless: Xvfb, D-Bus, WebKitWebDriver, a CJK font,
# ImageMagick (screenshots), sqlite3 (tamper tests), poppler and qpdf (reading and checking PDFs).
APT_PACKAGES := pkg-config libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev \
	xvfb xauth dbus dbus-x11 webkit2gtk-driver fonts-noto-cjk imagemagick sqlite3 \
	poppler-utils qpdf chromium fonts-noto-color-emoji
BENCH_PACKAGES := bc libvips-tools img2pdf zip

.PHONY: help run deps apt-deps npm-deps tools ui app test fmt-check clippy cargo-test \
	bindings bindings-check ui-check ui-lint ui-test e2e test-faults test-tamper fuzz bench clean

help:
	@echo "make run   - install what is missing, build, launch the app"
	@echo "make test  - the full suite, as CI runs it"
	@echo "make e2e   - only the app end-to-end test (under Xvfb)"
	@echo "make bench - benchmarks, written to docs/benchmarks.md"
	@echo "make test-faults / test-tamper - long crash (210 kills) and tamper (3,500 changes) suites"

run: deps app
	"$(APP_BIN)"

deps: apt-deps npm-deps tools

# Installs only the Debian packages that are missing (a no-op on a set-up machine).
apt-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null; then \
	    echo "installing: $$missing"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	  else echo "please install: $$missing"; exit 1; fi; \
	fi

npm-deps: ui/node_modules/.package-lock.json

ui/node_modules/.package-lock.json: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund

tools:
	@command -v tauri-driver >/dev/null || cargo install tauri-driver --locked --version '^2'

ui: npm-deps
	cd ui && npm run build

# The app serves the bundled UI (custom-protocol), as a release would.
app: ui
	cargo build -p proofpack-app --features custom-protocol

test: deps fmt-check clippy cargo-test bindings-check ui-check ui-lint ui-test e2e

fmt-check:
	cargo fmt --all --check

clippy: ui
	cargo clippy --workspace --all-targets -- -D warnings
	# The e2e tests sit behind a feature; lint them too, or they first fail to build in `make e2e`.
	cargo clippy -p proofpack-tests --features e2e --all-targets -- -D warnings

# The black-box tests run target/debug/proofpack: build it first (cargo test builds only test
# harnesses for a package without integration tests of its own).
cargo-test:
	cargo build -p proofpack-cli
	cargo test

# TypeScript types are generated from the Rust types; a drift fails the build.
bindings:
	rm -rf ui/src/lib/bindings
	TS_RS_EXPORT_DIR=$(CURDIR)/ui/src/lib/bindings cargo test -q -p proofpack-core --features ts export_bindings

bindings-check:
	@tmp=$$(mktemp -d); \
	TS_RS_EXPORT_DIR=$$tmp cargo test -q -p proofpack-core --features ts export_bindings >/dev/null && \
	diff -r $$tmp ui/src/lib/bindings && echo "bindings: up to date" || \
	{ echo "ui/src/lib/bindings is out of date: run 'make bindings'"; rm -rf $$tmp; exit 1; }; rm -rf $$tmp

ui-check: npm-deps
	cd ui && npm run check

# TypeScript and Svelte formatting (prettier; `npm run format` in ui/ fixes it).
ui-lint: npm-deps
	cd ui && npm run lint

ui-test: npm-deps
	cd ui && npm test

e2e: app tools
	xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- env NO_AT_BRIDGE=1 \
	  PROOFPACK_APP_BIN="$(APP_BIN)" \
	  cargo test -p proofpack-tests --features e2e --test e2e -- --ignored --test-threads=1

# Tamper suite, long form: 1,000 changes of each kind (make test runs 100).
test-tamper: deps
	cargo build -p proofpack-cli
	TAMPER_ROUNDS=1000 cargo test -p proofpack-tests --test cli tamper_suite -- --nocapture

# Every parser and the pack reader under libFuzzer, FUZZ_SECONDS each (default 60).
fuzz: deps
	cargo build -p proofpack-cli
	scripts/fuzz.sh

# Crash safety, long form: 210 SIGKILLs during imports, edits and exports (make test runs 12).
test-faults: deps
	cargo build -p proofpack-cli
	FAULT_RUNS=210 cargo test -p proofpack-tests --test cli faults -- --nocapture

bench:
	@missing=$$(for p in $(BENCH_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	[ -z "$$missing" ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq $$missing; }
	cargo build --release -p proofpack-cli
	scripts/bench.sh

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules
