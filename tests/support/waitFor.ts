import { createSocket } from 'node:dgram';

/** Waits until `check()` is true, polling every 10 ms; throws naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A UDP port free right now on 127.0.0.1 (bound and released). */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((ok) => s.bind(0, '127.0.0.1', () => ok()));
  const port = s.address().port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

/** What a polled check gives while the awaited thing has not happened yet: a falsy value. */
export type Pending<T> = T | undefined | null | false;

/**
 * Polls `f` every `everyMs` until it gives a truthy value, and returns that value; after `timeoutMs`
 * throws naming `what`, with `said()` (what the system under test reported meanwhile) if given.
 */
export async function untilValue<T>(what: string, f: () => Pending<T> | Promise<Pending<T>>, options: { timeoutMs: number; everyMs: number; said?: () => string }): Promise<T> {
  const t0 = performance.now();
  for (;;) {
    const v = await f();
    if (v) return v;
    if (performance.now() - t0 > options.timeoutMs) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}${options.said ? ` (${options.said()})` : ''}`);
    await new Promise((r) => setTimeout(r, options.everyMs));
  }
}
