import type { IncomingMessage } from 'node:http';

/** A request body read whole, or why not. */
export type BodyResult = { ok: true; text: string } | { ok: false; status: 413 | 400; message: string };

/** How much of an oversized body is still read (and thrown away) so the connection can close cleanly. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;
const DRAIN_LIMIT_MS = 5000;

/**
 * Reads a request body as UTF-8, decoded once from all its bytes (a character split across TCP
 * packets stays whole; invalid UTF-8 is refused). Over `maxBytes` the rest is read and discarded
 * (up to 64 MiB or 5 s), so the 413 reaches a client still sending instead of a connection reset.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  const tooBig: BodyResult = { ok: false, status: 413, message: `body over ${maxBytes} bytes` };
  if (Number.isFinite(declared) && declared > DRAIN_LIMIT_BYTES) return tooBig;
  const chunks: Buffer[] = [];
  let size = 0;
  const started = performance.now();
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= maxBytes) chunks.push(chunk as Buffer);
    else if (size > DRAIN_LIMIT_BYTES || performance.now() - started > DRAIN_LIMIT_MS) return tooBig;
  }
  if (size > maxBytes) return tooBig;
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)) };
  } catch {
    return { ok: false, status: 400, message: 'the body is not UTF-8 text' };
  }
}

/** True when the request says its body is JSON (`application/json`, any parameters such as charset). */
export function isJsonRequest(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  return typeof type === 'string' && type.split(';')[0]!.trim().toLowerCase() === 'application/json';
}
