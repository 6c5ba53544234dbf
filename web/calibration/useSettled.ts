import { useEffect, useState } from 'react';

/**
 * `value`, but only once it has stayed the same for `ms`: the 3D hall redraws when a drag or a run of
 * nudges pauses, not on each step (a software GPU shared with the outputs can take seconds a frame).
 */
export function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (value === settled) return;
    if (settled === null) {
      // The first value at once (the view appears with the profile).
      setSettled(value);
      return;
    }
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, settled, ms]);
  return settled;
}
