import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assetMiddleware } from './assetMiddleware.ts';
import { builtPagesMiddleware } from './builtPages.ts';

let server: Server;
let port: number;
let dir: string;

/** A raw GET, so paths like /assets/../x reach the server unnormalised (as an attacker would send them). */
function get(path: string, method = 'GET'): Promise<{ status: number; body: string; type: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => ok({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type'] ?? '') }));
    });
    req.on('error', fail);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'middleware-'));
  mkdirSync(join(dir, 'assets/paintings'), { recursive: true });
  mkdirSync(join(dir, 'pages/output'), { recursive: true });
  writeFileSync(join(dir, 'assets/paintings/a.png'), 'PNGDATA');
  writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET-CONTENT');
  symlinkSync(join(dir, 'secret.txt'), join(dir, 'assets/paintings/link.png'));
  writeFileSync(join(dir, 'pages/output/index.html'), '<html></html>');
  const assets = assetMiddleware(join(dir, 'assets'));
  const pages = builtPagesMiddleware(join(dir, 'pages'));
  server = createServer((req, res) => assets(req, res, () => pages(req, res, () => ((res.statusCode = 404), res.end('not found')))));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  port = (server.address() as { port: number }).port;
});

afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

describe('asset and page serving', () => {
  it('serves assets and built pages with their types', async () => {
    expect(await get('/assets/paintings/a.png')).toMatchObject({ status: 200, body: 'PNGDATA', type: 'image/png' });
    expect(await get('/output/index.html')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
  });

  it('never serves anything outside its folder', async () => {
    for (const path of ['/assets/../secret.txt', '/assets/%2e%2e/secret.txt', '/assets/paintings/..%2f..%2fsecret.txt', '/assets/paintings/link.png', '/assets//etc/passwd', '/assets/%00', '/../secret.txt', '/%2e%2e/secret.txt', '/output/../../secret.txt']) {
      const r = await get(path);
      expect(r.status, path).not.toBe(200);
      expect(r.body, path).not.toContain('TOP-SECRET-CONTENT');
    }
  });

  it('answers only GET and HEAD for assets', async () => {
    expect((await get('/assets/paintings/a.png', 'POST')).status).toBe(405);
    expect(await get('/assets/paintings/a.png', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });
});
