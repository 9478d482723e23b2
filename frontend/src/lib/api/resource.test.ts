import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { Resource, resource } from './resource.svelte';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('Resource<T>', () => {
  it('is loading while the loader runs, then holds its data', async () => {
    const answer = deferred<number[]>();
    const items = new Resource(() => answer.promise);
    const done = items.load();
    expect(items.loading).toBe(true);
    expect(items.data).toBeUndefined();
    answer.resolve([1, 2]);
    await done;
    expect(items.loading).toBe(false);
    expect(items.data).toEqual([1, 2]);
    expect(items.error).toBeNull();
  });

  it('holds the error when the loader fails, and clears it on a successful retry', async () => {
    let fail = true;
    const items = new Resource(async () => {
      if (fail) throw new Error('server down');
      return 'ok';
    });
    await items.load();
    expect(items.error?.message).toBe('server down');
    expect(items.loading).toBe(false);
    fail = false;
    await items.load();
    expect(items.error).toBeNull();
    expect(items.data).toBe('ok');
  });

  it('wraps a thrown non-Error in an Error', async () => {
    const items = new Resource(async () => {
      throw 'plain string';
    });
    await items.load();
    expect(items.error).toBeInstanceOf(Error);
    expect(items.error?.message).toBe('plain string');
  });

  it('lets only the newest load write: a slow first answer never overwrites a newer one', async () => {
    const first = deferred<string>();
    const second = deferred<string>();
    const answers = [first, second];
    const signals: AbortSignal[] = [];
    const items = new Resource((signal) => {
      signals.push(signal);
      return answers.shift()!.promise;
    });
    const one = items.load();
    const two = items.load();
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[1]!.aborted).toBe(false);
    second.resolve('new');
    await two;
    first.resolve('old');
    await one;
    expect(items.data).toBe('new');
    expect(items.loading).toBe(false);
  });

  it('keeps the previous data visible while reloading', async () => {
    let round = 0;
    const gate = deferred<void>();
    const items = new Resource(async () => {
      round++;
      if (round === 2) await gate.promise;
      return round;
    });
    await items.load();
    const reload = items.load();
    expect(items.loading).toBe(true);
    expect(items.data).toBe(1);
    gate.resolve();
    await reload;
    expect(items.data).toBe(2);
  });

  it('abort() stops the call and ignores its outcome', async () => {
    const answer = deferred<string>();
    let seen: AbortSignal | undefined;
    const items = new Resource((signal) => {
      seen = signal;
      return answer.promise;
    });
    const done = items.load();
    items.abort();
    expect(seen!.aborted).toBe(true);
    expect(items.loading).toBe(false);
    answer.resolve('late');
    await done;
    expect(items.data).toBeUndefined();
  });

  it('resource(loader) loads at once, and not when lazy', async () => {
    let calls = 0;
    const eager = resource(async () => ++calls);
    flushSync();
    expect(eager.loading).toBe(true);
    resource(async () => ++calls, { lazy: true });
    await Promise.resolve();
    await Promise.resolve();
    expect(calls).toBe(1);
  });
});
