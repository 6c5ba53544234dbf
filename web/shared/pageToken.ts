/**
 * How a page gets its token without it ever being in a process's command line or the browser's
 * History. In order of preference:
 * 1. Handed over by the window's runtime: the Chromium runtime sets `window.__panoramaToken` over its
 *    DevTools pipe (a script on every new document of that window, plus once into the page already
 *    loading) and dispatches `panorama-token`; Electron's preload answers `panoramaShell.token()`.
 * 2. The address fragment `#token=…` (a URL a person types or scans: a phone, a render node), removed
 *    from the address at once with `history.replaceState`, so back/forward and the session keep no copy.
 * 3. The page that opened this one (same origin, e.g. the control room's Calibration link), asked by
 *    `postMessage`.
 * Until one arrives the promise waits: a late hand-over still connects the page.
 */

import { TOKEN_EVENT, TOKEN_GLOBAL, TOKEN_RE } from '../../engine/core/protocol/tokenHandoff.ts';

export { TOKEN_EVENT, TOKEN_GLOBAL };
/** `postMessage` type of a page asking the same-origin page that opened it for the token. */
export const TOKEN_REQUEST = 'panorama-token-request';
/** `postMessage` type of the answer. */
export const TOKEN_REPLY = 'panorama-token-reply';
const valid = (t: unknown): t is string => typeof t === 'string' && TOKEN_RE.test(t);

/**
 * Takes `token=…` out of a fragment: the token (or null) and the fragment without it ('' when nothing
 * else was in it). Pure, for tests.
 */
export function splitFragmentToken(hash: string): { token: string | null; rest: string } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  params.delete('token');
  const rest = params.toString();
  return { token: token !== null && token.length > 0 ? token : null, rest: rest === '' ? '' : `#${rest}` };
}

/** Reads `#token=…` from this page's address and removes it from the address and its history entry. */
export function takeFragmentToken(): string | null {
  const { token, rest } = splitFragmentToken(location.hash);
  if (location.hash.includes('token=')) history.replaceState(history.state, '', `${location.pathname}${location.search}${rest}`);
  return token;
}

/** What Electron's preload exposes (only the part read here). */
interface ShellBridge {
  token?: () => Promise<unknown>;
}

/** The token handed over by the runtime (DevTools) or the Electron shell, if any yet. */
async function handedToken(): Promise<string | null> {
  const g = (window as unknown as Record<string, unknown>)[TOKEN_GLOBAL];
  if (valid(g)) return g;
  const shell = (window as unknown as { panoramaShell?: ShellBridge }).panoramaShell;
  if (typeof shell?.token === 'function') {
    const t = await shell.token().catch(() => null);
    if (valid(t)) return t;
  }
  return null;
}

let pending: Promise<string> | null = null;

/** This page's token (see the module comment); the same promise for every caller. */
export function pageToken(): Promise<string> {
  pending ??= findToken();
  return pending;
}

async function findToken(): Promise<string> {
  // Always first: the fragment leaves the address even when a hand-over wins.
  const fromFragment = takeFragmentToken();
  const handed = await handedToken();
  if (handed !== null) return handed;
  if (fromFragment !== null) return fromFragment;
  return new Promise<string>((resolve) => {
    const done = (t: string) => {
      removeEventListener(TOKEN_EVENT, onEvent);
      removeEventListener('message', onMessage);
      resolve(t);
    };
    const onEvent = () => {
      const g = (window as unknown as Record<string, unknown>)[TOKEN_GLOBAL];
      if (valid(g)) done(g);
    };
    const onMessage = (e: MessageEvent) => {
      const d = e.data as { type?: unknown; token?: unknown } | null;
      if (e.origin === location.origin && e.source === window.opener && d?.type === TOKEN_REPLY && valid(d.token)) done(d.token);
    };
    addEventListener(TOKEN_EVENT, onEvent);
    addEventListener('message', onMessage);
    // The global may have been set between the check above and these listeners.
    onEvent();
    const opener = window.opener as Window | null;
    if (opener) opener.postMessage({ type: TOKEN_REQUEST }, location.origin);
  });
}

/**
 * Lets same-origin pages this page opens (with `rel="opener"`) ask for `token` once they load, so a
 * link to another page never carries it in its address.
 */
export function shareTokenWithOpenedPages(token: string): () => void {
  const onMessage = (e: MessageEvent) => {
    const d = e.data as { type?: unknown } | null;
    if (e.origin !== location.origin || d?.type !== TOKEN_REQUEST || !e.source) return;
    (e.source as Window).postMessage({ type: TOKEN_REPLY, token }, location.origin);
  };
  addEventListener('message', onMessage);
  return () => removeEventListener('message', onMessage);
}
