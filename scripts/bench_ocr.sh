#!/usr/bin/env bash
# Reading screenshots (issue 12), side by side in one run on the same files: `proofpack add` of
# 40 phone captures (import, thumbnails, then reading them) against RapidOCR
# (rapidocr_onnxruntime, Python, from PyPI) only reading them; the share of printed order numbers
# each finds; one 1170x2532 and one 1170x6400 capture alone (time and peak memory).
# Usage: scripts/bench_ocr.sh BIN > section.md   (called by scripts/bench.sh)
set -euo pipefail
BIN=${1:?usage: bench_ocr.sh path/to/proofpack}
N=${OCR_SHOTS:-40}
HERE="$(cd "$(dirname "$0")/.." && pwd)"
WORK=$(mktemp -d /var/tmp/proofpack-ocr-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
VENV=${RAPIDOCR_VENV:-/var/tmp/proofpack-rapidocr-venv}

measure() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, "%.2f" % (time.monotonic() - t))
PY
}

# 40 dark-mode order pages, each with its own order number drawn (what a user's phone holds).
mkdir -p "$WORK/shots"
for i in $(seq -w 1 "$N"); do
  convert "$HERE/tests/fixtures/ocr/dark-order.png" -fill '#111111' -draw 'rectangle 60,480 1160,560' \
    -font "$HERE/assets/fonts/NotoSansSC-Regular.ttf" -pointsize 46 -fill '#e6e6e6' \
    -annotate +80+540 "订单编号：BN20261105000${i}" "$WORK/shots/order-$i.png"
done

# RapidOCR in its own virtualenv (made once per machine).
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install -q rapidocr_onnxruntime >&2
fi
cat > "$WORK/rapid.py" <<'PY'
import glob, re, sys, time
from rapidocr_onnxruntime import RapidOCR
t0 = time.monotonic()
engine = RapidOCR()
found = 0
files = sorted(glob.glob(sys.argv[1] + "/*.png"))
for f in files:
    result, _ = engine(f)
    text = "\n".join(r[1] for r in (result or []))
    found += bool(re.search(r"BN20261105000\d+", text.replace(" ", "")))
print("%.2f %d" % (time.monotonic() - t0, found))
PY
read -r rapid_s rapid_found < <("$VENV/bin/python" "$WORK/rapid.py" "$WORK/shots")
rapid_mb=$(measure "$VENV/bin/python" "$WORK/rapid.py" "$WORK/shots" | cut -d' ' -f1)

# Ours: import + reading of the same files, as a user's `add` does it.
"$BIN" --library "$WORK/lib" case new bench > /dev/null
read -r ours_mb ours_s < <(measure "$BIN" --library "$WORK/lib" add 1 "$WORK/shots")
ours_found=$("$BIN" --library "$WORK/lib" --json facts 1 | python3 -c '
import json, sys
print(len({f["value"] for f in json.load(sys.stdin) if f["kind"] == "order_no" and f["value"].startswith("BN2026110500")}))')

one() {
  rm -rf "$WORK/one"
  "$BIN" --library "$WORK/one" case new one > /dev/null
  "$BIN" --library "$WORK/one" add --no-ocr 1 "$1" > /dev/null
  measure "$BIN" --library "$WORK/one" ocr 1
}
read -r short_mb short_s < <(one "$WORK/shots/order-01.png")
read -r long_mb long_s < <(one "$HERE/tests/fixtures/ocr/long-capture.png")

# The user-level goal: a phone's 500 screenshots (order pages, chats, forwarded JPEGs, each
# different) imported and read in under 60 s and 1 GiB.
M=${OCR_PHONE:-500}
mkdir -p "$WORK/phone"
for i in $(seq -w 1 "$M"); do
  case $((10#$i % 3)) in
    0) echo "dark-order.png IMG_$i.png" ;;
    1) echo "chat-bubbles.png IMG_$i.png" ;;
    *) echo "forwarded.jpg IMG_$i.jpg" ;;
  esac
done | xargs -P "$(nproc)" -L 1 sh -c 'convert "$0/tests/fixtures/ocr/$2" -font "$0/assets/fonts/NotoSansSC-Regular.ttf" \
  -fill gray50 -pointsize 28 -annotate +40+40 "${3%.*}" -define png:compression-level=1 "$1/$3"' "$HERE" "$WORK/phone"
"$BIN" --library "$WORK/phone-lib" case new phone > /dev/null
read -r phone_mb phone_s < <(measure "$BIN" --library "$WORK/phone-lib" add 1 "$WORK/phone")

ratio=$(echo "$ours_s / $rapid_s" | bc -l)
echo
echo "## Reading screenshots"
echo
echo "$N dark-mode 1170 x 2532 order pages (tests/fixtures/ocr/dark-order.png, each with its own order"
echo "number drawn), read by both sides in the same run. Ours includes the import (hash, store,"
echo "thumbnails); RapidOCR only reads. Peak memory is the process's own."
echo
echo "| benchmark | ours | anchor (same run, same files) | ratio | goal |"
echo "|---|---|---|---|---|"
printf '| `add` of %s captures, then reading them | %.2f s (%.2f s each), %s MiB | RapidOCR reading them: %.2f s, %s MiB | %.2fx | <= 0.5x |\n' \
  "$N" "$ours_s" "$(echo "$ours_s / $N" | bc -l)" "$ours_mb" "$rapid_s" "$rapid_mb" "$ratio"
printf '| printed order numbers found | %s / %s | RapidOCR: %s / %s | — | >= 95%% |\n' "$ours_found" "$N" "$rapid_found" "$N"
printf '| `ocr` of one 1170 x 2532 capture (process start, model load, read) | %s s, %s MiB | — | — | — |\n' "$short_s" "$short_mb"
printf '| `ocr` of one 1170 x 6400 capture (read in overlapping strips) | %s s, %s MiB | — | — | — |\n' "$long_s" "$long_mb"
printf '| `add` of a phone'"'"'s %s screenshots (order pages, chats, forwarded JPEGs), then reading them | %.2f s (%.3f s each), %s MiB | — | — | < 60 s, < 1024 MiB |\n' \
  "$M" "$phone_s" "$(echo "$phone_s / $M" | bc -l)" "$phone_mb"
