#!/usr/bin/env bash
# Runs every cargo-fuzz target for FUZZ_SECONDS (default 60) from a seed corpus made of the
# project's fixtures, the hostile corpus and a freshly exported sample pack. Any crash input is
# copied to fuzz/regressions/<target>/ (replayed by `make test`) and the run fails.
# Stable toolchain: `-s none` builds with libFuzzer's coverage but no sanitizer (ASan needs nightly).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${FUZZ_SECONDS:-60}"
TARGETS="${FUZZ_TARGETS:-text_and_chat bill stored_file pack_zip pack_sums}"
BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/proofpack"
command -v cargo-fuzz > /dev/null || cargo install cargo-fuzz --locked

seed() { mkdir -p "fuzz/corpus/$1"; shift; for f in "$@"; do [ -f "$f" ] && cp "$f" "fuzz/corpus/${target}/" || true; done; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$BIN" --library "$work/lib" demo > /dev/null
"$BIN" --library "$work/lib" export 1 --out "$work/pack.zip" > /dev/null
"$BIN" --library "$work/lib" export 1 --out "$work/pack" --folder > /dev/null

failed=0
for target in $TARGETS; do
  case "$target" in
    text_and_chat) seed "$target" tests/fixtures/chat/*.txt tests/fixtures/chat/*.csv tests/fixtures/chat/*.json tests/fixtures/hostile/files/chat-* ;;
    bill) seed "$target" tests/fixtures/bill/*.csv tests/fixtures/bill/*.xlsx tests/fixtures/hostile/files/bill-* ;;
    stored_file) seed "$target" assets/demo/*.png tests/fixtures/hostile/files/*.png tests/fixtures/hostile/files/*.jpg tests/fixtures/hostile/files/*.webp ;;
    pack_zip) seed "$target" "$work/pack.zip" tests/fixtures/hostile/packs/*.zip ;;
    pack_sums) seed "$target" "$work/pack/SHA256SUMS" ;;
  esac
  echo "== fuzzing $target for ${SECONDS_EACH}s" >&2
  if ! (cd fuzz && cargo fuzz run -s none "$target" "corpus/$target" -- \
        -max_total_time="$SECONDS_EACH" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1); then
    failed=1
    mkdir -p "fuzz/regressions/$target"
    cp fuzz/artifacts/"$target"/* "fuzz/regressions/$target/" 2>/dev/null || true
    echo "!! $target crashed: inputs copied to fuzz/regressions/$target/ (add them to git)" >&2
  fi
done
exit "$failed"
