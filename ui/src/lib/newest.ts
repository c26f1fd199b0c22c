// Loads that follow each other faster than Rust answers (an import finishing, then reading its
// screenshots) can be answered out of order: only the newest request's answer may be shown, or
// a late answer to an older one puts back what the newer one replaced.

/** A sequence of loads of one thing; `run` applies a result only if no newer run has started. */
export function newestOnly() {
  let latest = 0;
  return async function run<T>(
    request: () => Promise<T>,
    apply: (value: T) => void,
    fail: (error: unknown) => void,
  ): Promise<void> {
    const mine = ++latest;
    try {
      const value = await request();
      if (mine === latest) apply(value);
    } catch (e) {
      if (mine === latest) fail(e);
    }
  };
}
