import { describe, expect, it } from 'vitest';
import { newestOnly } from './newest';

/** A promise with its resolve and reject, to answer requests in any order. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('newestOnly', () => {
  it('drops a late answer to an older request', async () => {
    const run = newestOnly();
    const shown: string[] = [];
    const old = deferred<string>();
    const fresh = deferred<string>();
    const first = run(
      () => old.promise,
      (v) => shown.push(v),
      () => shown.push('error'),
    );
    const second = run(
      () => fresh.promise,
      (v) => shown.push(v),
      () => shown.push('error'),
    );
    fresh.resolve('two items');
    await second;
    old.resolve('no items');
    await first;
    expect(shown).toEqual(['two items']);
  });

  it('drops a late failure of an older request and shows the newest failure', async () => {
    const run = newestOnly();
    const shown: string[] = [];
    const old = deferred<string>();
    const first = run(
      () => old.promise,
      (v) => shown.push(v),
      () => shown.push('old error'),
    );
    await run(
      () => Promise.reject(new Error('x')),
      (v) => shown.push(v),
      () => shown.push('new error'),
    );
    old.reject(new Error('late'));
    await first;
    expect(shown).toEqual(['new error']);
  });

  it('applies answers that arrive in order', async () => {
    const run = newestOnly();
    const shown: number[] = [];
    await run(
      () => Promise.resolve(1),
      (v) => shown.push(v),
      () => {},
    );
    await run(
      () => Promise.resolve(2),
      (v) => shown.push(v),
      () => {},
    );
    expect(shown).toEqual([1, 2]);
  });
});
