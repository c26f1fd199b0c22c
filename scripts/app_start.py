#!/usr/bin/env python3
"""App cold start and idle memory, for scripts/bench.sh. Run under a display (xvfb-run).

Usage: app_start.py APP_BIN LIBRARY RUNS OUT
Writes to OUT (stdout is shared with D-Bus chatter): "<median start ms> <median idle MiB> <dropped caches: yes|no> <all start ms> <all MiB>".
Start = from exec to the app's "first screen ready" line (the home screen has mounted and asked
for the library). Idle memory = proportional set size (PSS) of the app and every process it
started (WebKit's web and network processes), 5 s after the first screen, doing nothing.
"""

import os
import statistics
import subprocess
import sys
import time


def drop_caches():
    try:
        subprocess.run(["sync"], check=True)
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
        return True
    except OSError:
        return False


def descendants(pid):
    out = [pid]
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == pid:
                out.extend(descendants(int(p)))
    return out


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def one_run(app, library):
    dropped = drop_caches()
    env = dict(os.environ, PROOFPACK_LIBRARY=library, NO_AT_BRIDGE="1")
    t0 = time.monotonic()
    proc = subprocess.Popen([app], env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    start_ms = None
    try:
        for line in proc.stderr:
            if "first screen ready" in line:
                start_ms = (time.monotonic() - t0) * 1000
                break
        if start_ms is None:
            raise SystemExit("the app exited before its first screen")
        time.sleep(5)
        mib = sum(pss_kib(p) for p in descendants(proc.pid)) / 1024
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return start_ms, mib, dropped


def main():
    app, library, runs, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    results = [one_run(app, library) for _ in range(runs)]
    starts = [r[0] for r in results]
    mems = [r[1] for r in results]
    dropped = "yes" if all(r[2] for r in results) else "no"
    with open(out, "w") as f:
        f.write(
            f"{statistics.median(starts):.0f} {statistics.median(mems):.0f} {dropped} "
            f"{','.join(f'{s:.0f}' for s in starts)} {','.join(f'{m:.0f}' for m in mems)}\n"
        )


if __name__ == "__main__":
    main()
