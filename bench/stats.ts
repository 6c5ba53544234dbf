/** Median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Runs fn once per input and returns each call's wall time in microseconds. */
export function timeEach<T>(inputs: readonly T[], fn: (x: T) => void): number[] {
  const out: number[] = [];
  for (const x of inputs) {
    const t0 = process.hrtime.bigint();
    fn(x);
    out.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  return out;
}
