import { useCallback, useEffect, useRef, useState } from 'react';

/** How long (ms) an armed action waits for its confirming second press. */
export const SECOND_PRESS_MS = 2000;

/** An armed action: which one, and what its button says meanwhile. */
export interface Armed {
  readonly key: string;
  readonly prompt: string;
}

/** The guard's state and its press function. */
export interface SecondPress {
  /** The action waiting for its second press, or null. */
  readonly armed: Armed | null;
  /**
   * Runs `action` at once when `confirm` is false; otherwise the first press arms `key` (showing
   * `prompt`) and a second press of the same key within SECOND_PRESS_MS runs it.
   */
  readonly press: (key: string, confirm: boolean, prompt: string, action: () => void) => void;
}

/**
 * A second-press guard for actions that would end a running show by a slip (Stop, seeking with the
 * progress bar while playing). Buttons and keyboard shortcuts share one guard, so Esc then a click on
 * Stop also confirms.
 */
export function useSecondPress(windowMs = SECOND_PRESS_MS): SecondPress {
  const [armed, setArmed] = useState<Armed | null>(null);
  // The key handler and a quick double click can both run before React re-renders; the ref is current.
  const armedRef = useRef<Armed | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const set = useCallback((a: Armed | null) => {
    armedRef.current = a;
    setArmed(a);
  }, []);

  const press = useCallback<SecondPress['press']>(
    (key, confirm, prompt, action) => {
      clearTimeout(timer.current);
      if (!confirm || armedRef.current?.key === key) {
        if (armedRef.current !== null) set(null);
        action();
        return;
      }
      set({ key, prompt });
      timer.current = setTimeout(() => set(null), windowMs);
    },
    [set, windowMs],
  );

  useEffect(() => () => clearTimeout(timer.current), []);

  return { armed, press };
}
