import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { resolveAsset } from '../files/assetStore.ts';

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.json': 'application/json',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.mp3': 'audio/mpeg',
};

/**
 * Serves GET /assets/<path> from the asset folder, refusing anything that would leave it (the path is
 * checked lexically and after following links) with 404, and everything but GET/HEAD with 405.
 */
export function assetMiddleware(assetRoot: string) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const url = req.url ?? '';
    if (!url.startsWith('/assets/')) return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.statusCode = 405;
      res.end();
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(url.slice('/assets/'.length).split('?')[0]!);
    } catch {
      res.statusCode = 400;
      res.end();
      return;
    }
    const r = resolveAsset(assetRoot, rel);
    if (!r.ok) {
      // Neither the requested path nor the reason (which names the asset folder) goes back.
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end('not found');
      return;
    }
    res.setHeader('Content-Type', TYPES[extname(r.file).toLowerCase()] ?? 'application/octet-stream');
    res.setHeader('Cache-Control', 'no-cache');
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(r.file).pipe(res);
  };
}
