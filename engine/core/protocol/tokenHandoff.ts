/**
 * How a window's runtime hands its page the token without putting it in a URL (a URL ends up on a
 * command line, visible to every user in `ps`, and in the browser's History): the names both sides use.
 */

/** The global the Chromium runtime sets in the page over DevTools (a script on every new document of the window). */
export const TOKEN_GLOBAL = '__panoramaToken';

/** The event dispatched on `window` once {@link TOKEN_GLOBAL} is set (for a page that started waiting first). */
export const TOKEN_EVENT = 'panorama-token';

/** The IPC channel on which Electron's preload asks the main process for its window's token. */
export const TOKEN_CHANNEL = 'panorama:token';

/** What a token looks like: base64url, 16 to 200 characters. */
export const TOKEN_RE = /^[A-Za-z0-9_-]{16,200}$/;

/**
 * The script that hands the token to a page of `origin` (and only to one: the window may be
 * navigated elsewhere). Set as a read-only global, then announced with {@link TOKEN_EVENT}.
 */
export function tokenHandoffScript(origin: string, token: string): string {
  if (!TOKEN_RE.test(token)) throw new TypeError('a token to hand over must be 16 to 200 letters, digits, - or _');
  return `(() => { if (location.origin !== ${JSON.stringify(origin)}) return; Object.defineProperty(window, ${JSON.stringify(TOKEN_GLOBAL)}, { value: ${JSON.stringify(token)}, configurable: true }); dispatchEvent(new Event(${JSON.stringify(TOKEN_EVENT)})); })();`;
}
