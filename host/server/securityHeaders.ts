import type { ServerResponse } from 'node:http';

/**
 * The Content-Security-Policy of every response. The pages load only their own bundle; Tone.js and the
 * audio recorder start workers and AudioWorklet modules from blob: URLs (worklets count as scripts);
 * pages talk only to the conductor that served them ('self' covers its ws:// too); painting tiles and
 * sounds come from /assets/ or are decoded into blob: and data: URLs; React and three set inline styles.
 * No page may be framed (a control page inside another site's frame could be clicked by it).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "font-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Vite's dev server injects inline module scripts (React's refresh preamble): allowed in `--dev` only. */
const DEV_POLICY = CONTENT_SECURITY_POLICY.replace("script-src 'self' blob:", "script-src 'self' 'unsafe-inline' blob:");

/** Sets the security headers every response carries (pages, assets, API), before anything is written. */
export function setSecurityHeaders(res: ServerResponse, dev = false): void {
  res.setHeader('Content-Security-Policy', dev ? DEV_POLICY : CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
}
