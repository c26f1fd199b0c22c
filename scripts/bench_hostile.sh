#!/usr/bin/env bash
# Memory and time on the inputs that used to break the tool (issue 11): six JPEGs declaring
# 16000 x 16000 pixels, a 45 MB chat, and timeline + export of an 80,000-line chat.
# Usage: scripts/bench_hostile.sh BIN > rows.md   (called by scripts/bench.sh; prints table rows)
set -euo pipefail
BIN=${1:?usage: bench_hostile.sh path/to/proofpack}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
HERE="$(cd "$(dirname "$0")/.." && pwd)"

# Peak RSS (MiB) and wall time (s) of one command, the child's own.
measure() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.monotonic()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, "%.2f" % (time.monotonic() - t))
PY
}

python3 - "$HERE/tests/fixtures/hostile/files/exif-loop.jpg" "$WORK" <<'PY'
import os, sys
base = open(sys.argv[1], "rb").read()
out = sys.argv[2]
at = next(i for i in range(len(base) - 1) if base[i] == 0xFF and base[i + 1] in (0xC0, 0xC2))
os.makedirs(f"{out}/jpegs")
for i in range(6):
    b = bytearray(base)
    b[at + 5:at + 9] = bytes([0x3E, 0x80, 0x3E, 0x80])  # 16000 x 16000
    open(f"{out}/jpegs/{i}.jpg", "wb").write(bytes(b) + bytes([i]))
# A 45 MB chat: varied lines, a refusal and a ticket now and then.
with open(f"{out}/chat45.txt", "w") as f:
    n = 0
    while f.tell() < 45_000_000:
        who = "客服" if n % 2 else "我"
        text = "该订单不支持退款" if n % 97 == 0 else f"第{n}条消息，订单号 20261102{n % 10000:04d}，请尽快处理"
        f.write(f"2026-11-{3 + n // 500000:02d} {10 + n // 60 % 12:02d}:{n % 60:02d} {who}: {text}\n")
        n += 1
with open(f"{out}/chat80k.txt", "w") as f:
    for n in range(80_000):
        who = "客服" if n % 2 else "我"
        text = "不能退款，工单号 GD2026110300%04d" % (n % 10000) if n % 50 == 0 else f"消息 {n}"
        f.write(f"2026-11-03 {10 + n // 3600 % 12:02d}:{n // 60 % 60:02d}:{n % 60:02d} {who}: {text}\n")
PY

lib() { echo "$WORK/lib-$1"; }
for name in jpegs chat45 chat80k; do "$BIN" --library "$(lib $name)" case new "$name" >/dev/null; done
read -r jpeg_mb jpeg_s < <(measure "$BIN" --library "$(lib jpegs)" add 1 "$WORK/jpegs")
read -r chat_mb chat_s < <(measure "$BIN" --library "$(lib chat45)" add 1 "$WORK/chat45.txt")
"$BIN" --library "$(lib chat80k)" add 1 "$WORK/chat80k.txt" >/dev/null
read -r tl_mb tl_s < <(measure "$BIN" --library "$(lib chat80k)" timeline 1)
read -r ex_mb ex_s < <(measure "$BIN" --library "$(lib chat80k)" export 1 --out "$WORK/p80k.zip")
read -r vb_mb vb_s < <(measure "$BIN" verify-bundle "$WORK/p80k.zip")

printf '| peak memory importing six JPEGs declaring 16000 x 16000 (1.5 GB decoded each) | %s MiB (%s s) | — | — | < 1 GiB |\n' "$jpeg_mb" "$jpeg_s"
printf '| peak memory importing a 45 MB chat (parsed, facts extracted) | %s MiB (%s s) | — | — | < 1 GiB |\n' "$chat_mb" "$chat_s"
printf '| `timeline` of an 80,000-line chat (1,600 refusals with ticket numbers) | %s s (%s MiB) | — | — | < 2 s |\n' "$tl_s" "$tl_mb"
printf '| `export` of that case | %s s (%s MiB) | — | — | < 30 s, < 1 GiB |\n' "$ex_s" "$ex_mb"
printf '| `verify-bundle` of that pack (rebuilds and re-renders it) | %s s (%s MiB) | — | — | — |\n' "$vb_s" "$vb_mb"
