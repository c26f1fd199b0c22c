#!/usr/bin/env bash
# Whole-process benchmarks, each against its anchor measured in the same run on the same files.
# Writes docs/benchmarks.md. Run with `make bench` (builds the release CLI first).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/proofpack"
RUNS="${RUNS:-3}"
FILES="${FILES:-1000}"
WORK="$(mktemp -d /var/tmp/proofpack-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "generating $FILES files of about 1 MB in $WORK/src" >&2
mkdir -p "$WORK/src"
python3 - "$WORK/src" "$FILES" <<'PY'
import os, sys, random
d, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
for i in range(n):
    size = 1_000_000 + rng.randrange(-50_000, 50_000)
    with open(os.path.join(d, f"screenshot-{i:04}.png"), "wb") as f:
        f.write(os.urandom(size))
PY
total_mb=$(du -sm "$WORK/src" | cut -f1)
cat "$WORK"/src/* > /dev/null  # warm the page cache for both sides alike

anchor=(); ours=()
for r in $(seq "$RUNS"); do
  rm -rf "$WORK/copy" "$WORK/lib"; sync
  t0=$(now); cp -r "$WORK/src" "$WORK/copy" && sha256sum "$WORK"/copy/* > /dev/null; t1=$(now)
  anchor+=("$(echo "$t1 - $t0" | bc -l)")
  rm -rf "$WORK/copy"; sync
  "$BIN" --library "$WORK/lib" case new bench > /dev/null
  t0=$(now); "$BIN" --library "$WORK/lib" add 1 "$WORK/src" > /dev/null; t1=$(now)
  ours+=("$(echo "$t1 - $t0" | bc -l)")
  "$BIN" --library "$WORK/lib" verify 1 > /dev/null
done
a=$(printf '%s\n' "${anchor[@]}" | median)
o=$(printf '%s\n' "${ours[@]}" | median)
ratio=$(echo "$o / $a" | bc -l)

# --- 200 phone screenshots: import (hash, EXIF, 256 + 1024 thumbnails) vs vipsthumbnail -s 256 ---
SHOTS="${SHOTS:-200}"
mkdir -p "$WORK/shots"
python3 - "$WORK/shots" "$SHOTS" <<'PY'
import os, random, struct, sys, zlib
# Screenshot-like PNGs (1170x2532): flat backgrounds, bars and "text" runs, unique per file.
d, n = sys.argv[1], int(sys.argv[2])
W, H = 1170, 2532
def chunk(t, data):
    return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data) & 0xffffffff)
for i in range(n):
    rng = random.Random(i)
    rows = []
    for y in range(H):
        band = (y // 120) % 5
        base = [(245, 245, 247), (255, 255, 255), (230, 240, 255), (255, 255, 255), (250, 246, 235)][band]
        row = bytearray(bytes(base) * W)
        if (y % 120) in range(40, 70):  # a line of "text"
            x = 40
            while x < W - 60:
                w = rng.randrange(8, 30)
                if rng.random() < 0.8:
                    row[x * 3:(x + w) * 3] = bytes((30, 30, 40)) * w
                x += w + rng.randrange(4, 14)
        rows.append(b"\0" + bytes(row))
    raw = zlib.compress(b"".join(rows), 6)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    with open(os.path.join(d, f"IMG_{i:04}.PNG"), "wb") as f:
        f.write(png)
PY
shots_mb=$(du -sm "$WORK/shots" | cut -f1)
cat "$WORK"/shots/* > /dev/null
vips=(); imgs=()
for r in $(seq "$RUNS"); do
  rm -rf "$WORK/vthumbs" "$WORK/lib2"; mkdir -p "$WORK/vthumbs"; sync
  t0=$(now); vipsthumbnail -s 256 -o "$WORK/vthumbs/%s.jpg" "$WORK"/shots/*.PNG; t1=$(now)
  vips+=("$(echo "$t1 - $t0" | bc -l)")
  "$BIN" --library "$WORK/lib2" case new shots > /dev/null
  t0=$(now); "$BIN" --library "$WORK/lib2" add 1 "$WORK/shots" > /dev/null; t1=$(now)
  imgs+=("$(echo "$t1 - $t0" | bc -l)")
done
# --- Export the 200-screenshot case vs the manual way; verify-bundle vs sha256sum -c ---
exp=(); man=(); ver=(); chk=()
for r in $(seq "$RUNS"); do
  rm -rf "$WORK/manual" "$WORK/pack.zip" "$WORK/packdir"; mkdir -p "$WORK/manual"; cp "$WORK"/shots/*.PNG "$WORK/manual/"; sync
  t0=$(now)
  ( cd "$WORK/manual" && sha256sum ./*.PNG > SHA256SUMS && img2pdf ./*.PNG -o report.pdf && zip -qr ../manual.zip . )
  t1=$(now); man+=("$(echo "$t1 - $t0" | bc -l)"); rm -f "$WORK/manual.zip"
  t0=$(now); "$BIN" --library "$WORK/lib2" export 1 --out "$WORK/pack.zip" > /dev/null; t1=$(now)
  exp+=("$(echo "$t1 - $t0" | bc -l)")
  "$BIN" --library "$WORK/lib2" export 1 --out "$WORK/packdir" --folder > /dev/null
  cat "$WORK"/packdir/evidence/*/* > /dev/null
  t0=$(now); ( cd "$WORK/packdir" && sha256sum -c --quiet SHA256SUMS ); t1=$(now)
  chk+=("$(echo "$t1 - $t0" | bc -l)")
  t0=$(now); "$BIN" verify-bundle "$WORK/packdir" > /dev/null; t1=$(now)
  ver+=("$(echo "$t1 - $t0" | bc -l)")
done
pack_mb=$(du -sm "$WORK/pack.zip" | cut -f1)
ex=$(printf '%s\n' "${exp[@]}" | median); ma=$(printf '%s\n' "${man[@]}" | median)
ve=$(printf '%s\n' "${ver[@]}" | median); ch=$(printf '%s\n' "${chk[@]}" | median)
ratio3=$(echo "$ex / $ma" | bc -l); ratio4=$(echo "$ve / $ch" | bc -l)

vi=$(printf '%s\n' "${vips[@]}" | median)
im=$(printf '%s\n' "${imgs[@]}" | median)
ratio2=$(echo "$im / $vi" | bc -l)

# --- Scale: a case of 10,000 items; `items` and `check` on it (goal: under 1 s each) ---
BIG="${BIG:-10000}"
mkdir -p "$WORK/many"
python3 - "$WORK/many" "$BIG" <<'PY'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    with open(os.path.join(d, f"note-{i:05}.txt"), "w") as f:
        f.write(f"2026-11-03 10:{i % 60:02}:00 客服: 第 {i} 条记录，订单 2026110200{i:05}\n")
PY
"$BIN" --library "$WORK/lib3" case new many > /dev/null
t0=$(now); "$BIN" --library "$WORK/lib3" add 1 "$WORK/many" > /dev/null; t1=$(now)
big_import=$(echo "$t1 - $t0" | bc -l)
its=(); cks=(); sql=()
for r in $(seq "$RUNS"); do
  t0=$(now); "$BIN" --library "$WORK/lib3" --json items 1 > /dev/null; t1=$(now); its+=("$(echo "$t1 - $t0" | bc -l)")
  t0=$(now); "$BIN" --library "$WORK/lib3" check 1 > /dev/null || true; t1=$(now); cks+=("$(echo "$t1 - $t0" | bc -l)")
  t0=$(now); sqlite3 "$WORK/lib3/proofpack.db" "SELECT * FROM items WHERE case_id = 1" > /dev/null; t1=$(now); sql+=("$(echo "$t1 - $t0" | bc -l)")
done
it=$(printf '%s\n' "${its[@]}" | median); ck=$(printf '%s\n' "${cks[@]}" | median); sq=$(printf '%s\n' "${sql[@]}" | median)

# --- Peak memory importing a 2 GB file vs sha256sum of it (the child's own max RSS) ---
head -c 2G /dev/urandom > "$WORK/big.bin"
peak() { python3 -c 'import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)' "$@"; }
"$BIN" --library "$WORK/lib4" case new big > /dev/null
ours_mb=$(peak "$BIN" --library "$WORK/lib4" add 1 "$WORK/big.bin")
sha_mb=$(peak sha256sum "$WORK/big.bin")
rm -f "$WORK/big.bin"

# --- The app: cold start to the first screen, idle memory (app + WebKit processes) ---
APP="${APP_BIN:-${CARGO_TARGET_DIR:-$PWD/target}/debug/proofpack-app}"
app_line="not measured (build the app with make app)"
if [ -x "$APP" ]; then
  xvfb-run -a -s "-screen 0 1280x900x24" dbus-run-session -- \
    python3 scripts/app_start.py "$APP" "$WORK/lib2" "$RUNS" "$WORK/app.txt" > /dev/null 2>&1
  read -r st_ms idle_mb dropped st_all mem_all < "$WORK/app.txt"
  app_line="| app cold start to the first screen (the 200-screenshot library; page cache dropped: $dropped) | ${st_ms} ms | — | — | — |"
  app_mem="| app idle memory 5 s after start: PSS of the app and its WebKit processes | ${idle_mb} MiB | — | — | — |"
fi

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
mem=$(free -g | awk '/Mem:/ {print $2 " GiB"}')
{
  echo "# Benchmarks"
  echo
  echo "Measured by \`make bench\` (scripts/bench.sh) on $(date -u +%Y-%m-%d): $(nproc) cores ($cpu), $mem,"
  echo "$(df -T "$WORK" | awk 'NR==2 {print $2}') file system. Median of $RUNS runs; page cache warm for both sides."
  echo
  echo "| benchmark | ours | anchor (same run, same files) | ratio | goal |"
  echo "|---|---|---|---|---|"
  printf '| import %s files of ~1 MB (%s MB): hash while copying, fsync each object, ledger entry each | %.2f s | `cp -r` + `sha256sum` (no fsync): %.2f s | %.2fx | <= 0.7x |\n' \
    "$FILES" "$total_mb" "$o" "$a" "$ratio"
  printf '| import %s screenshots 1170x2532 PNG (%s MB): hash, EXIF, 256 + 1024 px thumbnails | %.2f s | `vipsthumbnail -s 256` alone: %.2f s | %.2fx | <= 1.0x |\n' \
    "$SHOTS" "$shots_mb" "$im" "$vi" "$ratio2"
  printf '| export the %s-screenshot case (%s MB ZIP): originals, typst PDF/A report with a page per screenshot, manifest, SHA256SUMS | %.2f s | `sha256sum` + `img2pdf` + `zip -r`: %.2f s | %.2fx | <= 1.0x |\n' \
    "$SHOTS" "$pack_mb" "$ex" "$ma" "$ratio3"
  printf '| verify-bundle of that pack (folder): every file, original, chain entry, checkpoint | %.2f s | `sha256sum -c SHA256SUMS`: %.2f s | %.2fx | <= 0.33x |\n' \
    "$ve" "$ch" "$ratio4"
  printf '| `items` of a case with %s items (JSON, all of them) | %.2f s | `sqlite3` SELECT of the same rows: %.2f s | %.2fx | < 1 s |\n' \
    "$BIG" "$it" "$sq" "$(echo "$it / $sq" | bc -l)"
  printf '| `check` of that case (checklist, warnings, deadlines) | %.2f s | — | — | < 1 s |\n' "$ck"
  printf '| peak memory importing one 2 GB file (streamed, hashed while copied) | %s MiB | `sha256sum` of it: %s MiB | — | < 64 MiB |\n' \
    "$ours_mb" "$sha_mb"
  if [ -n "${app_mem:-}" ]; then echo "$app_line"; echo "$app_mem"; fi
  scripts/bench_hostile.sh "$BIN"
  scripts/bench_ocr.sh "$BIN"
  echo
  echo "All runs (seconds): files import ${ours[*]}, cp+sha256sum ${anchor[*]}; screenshots import ${imgs[*]}, vipsthumbnail ${vips[*]};"
  echo "export ${exp[*]}, manual pack ${man[*]}; verify-bundle ${ver[*]}, sha256sum -c ${chk[*]}."
  echo "items ${its[*]}, check ${cks[*]}, sqlite3 ${sql[*]}; importing the $BIG files took $(printf '%.1f' "$big_import") s."
  if [ -n "${app_mem:-}" ]; then echo "App start (ms) $st_all; idle MiB $mem_all. The app is the debug build of \`make app\` (dependencies optimised, our crates not)."; fi
  echo "Ours is durable (every blob and its folder fsynced before its row commits); the anchor is not."
} > docs/benchmarks.md
cat docs/benchmarks.md
