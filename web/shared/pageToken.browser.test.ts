import { afterEach, describe, expect, it } from 'vitest';
import { pageToken, splitFragmentToken, takeFragmentToken, TOKEN_EVENT, TOKEN_GLOBAL } from './pageToken.ts';

const start = `${location.pathname}${location.search}`;
afterEach(() => history.replaceState(null, '', start));

describe('the page token', () => {
  it('splits token=… out of a fragment, keeping the rest', () => {
    expect(splitFragmentToken('#token=abc%2Fdef')).toEqual({ token: 'abc/def', rest: '' });
    expect(splitFragmentToken('#other=1&token=t')).toEqual({ token: 't', rest: '#other=1' });
    expect(splitFragmentToken('#token=')).toEqual({ token: null, rest: '' });
    expect(splitFragmentToken('')).toEqual({ token: null, rest: '' });
  });

  it('removes the token from the address and its history entry, without a new entry', () => {
    history.replaceState(null, '', `${start}#view=2&token=abcdefghijklmnop0123`);
    const entries = history.length;
    expect(takeFragmentToken()).toBe('abcdefghijklmnop0123');
    expect(location.href).not.toContain('abcdefghijklmnop0123');
    expect(location.hash).toBe('#view=2');
    expect(history.length).toBe(entries);
  });

  it('waits for a token handed over later (the runtime sets the global and dispatches the event), and prefers it', async () => {
    // The only call of pageToken() in this file (it keeps one promise per page).
    let got: string | null = null;
    const p = pageToken().then((t) => (got = t));
    await new Promise((r) => setTimeout(r, 50));
    expect(got).toBeNull();
    Object.assign(window, { [TOKEN_GLOBAL]: 'handed-over-token-0123456789' });
    dispatchEvent(new Event(TOKEN_EVENT));
    await p;
    expect(got).toBe('handed-over-token-0123456789');
    delete (window as unknown as Record<string, unknown>)[TOKEN_GLOBAL];
  });
});
