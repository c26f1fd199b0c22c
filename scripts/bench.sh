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
  echo
  echo "All runs (seconds): files import ${ours[*]}, cp+sha256sum ${anchor[*]}; screenshots import ${imgs[*]}, vipsthumbnail ${vips[*]};"
  echo "export ${exp[*]}, manual pack ${man[*]}; verify-bundle ${ver[*]}, sha256sum -c ${chk[*]}."
  echo "Ours is durable (every blob and its folder fsynced before its row commits); the anchor is not."
} > docs/benchmarks.md
cat docs/benchmarks.md
