import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { descendants } from '../host/browser/killRenderers.ts';

/**
 * The least a WebGL page can do: create a WebGL2 context, compile and link one trivial program, draw a
 * point and read a pixel back, then tell the server (the page's first pixel). The machine's floor for
 * `runtime.firstFrameMs` and `runtime.recoveryMs`, measured in the same run with the same browser.
 */
const PAGE = `<!doctype html><canvas width="16" height="16"></canvas><script>
const gl = document.querySelector('canvas').getContext('webgl2');
const sh = (type, src) => { const s = gl.createShader(type); gl.shaderSource(s, src); gl.compileShader(s); return s; };
const p = gl.createProgram();
gl.attachShader(p, sh(gl.VERTEX_SHADER, '#version 300 es\\nvoid main(){gl_Position=vec4(0.0,0.0,0.0,1.0);gl_PointSize=16.0;}'));
gl.attachShader(p, sh(gl.FRAGMENT_SHADER, '#version 300 es\\nprecision highp float;out vec4 c;void main(){c=vec4(1.0);}'));
gl.linkProgram(p);
gl.useProgram(p);
gl.drawArrays(gl.POINTS, 0, 1);
const px = new Uint8Array(4);
gl.readPixels(8, 8, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
fetch('/pixel?v=' + px[0] + '&id=' + new URLSearchParams(location.search).get('id'));
</script>`;

/** A server for the floor page; `next(id)` resolves when page `id` reports its first pixel. */
export async function startFloorServer(): Promise<{ url: (id: string) => string; next: (id: string) => Promise<number>; close: () => Promise<void> }> {
  const waiting = new Map<string, (value: number) => void>();
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    if (u.pathname === '/pixel') {
      waiting.get(u.searchParams.get('id') ?? '')?.(Number(u.searchParams.get('v')));
      res.end('ok');
      return;
    }
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(PAGE);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  return {
    url: (id) => `http://127.0.0.1:${port}/floor?id=${id}`,
    next: (id) =>
      new Promise<number>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`floor page ${id} drew nothing within 60 s`)), 60_000);
        waiting.set(id, (v) => {
          clearTimeout(timer);
          if (v !== 255) fail(new Error(`floor page ${id} read ${v}, not 255`));
          else ok(performance.now());
        });
      }),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/** Launch of a fresh headless browser with `args` to the floor page's first pixel, ms (the browser is then killed). */
export async function floorFirstPixelMs(chromiumPath: string, args: readonly string[], server: Awaited<ReturnType<typeof startFloorServer>>, id: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
  const drawn = server.next(id);
  const t0 = performance.now();
  // Its own process group, so the whole browser (zygotes, GPU process) goes with one kill.
  const p = spawn(chromiumPath, [...args, `--user-data-dir=${dir}`, '--headless=new', server.url(id)], { stdio: 'ignore', detached: true });
  try {
    return (await drawn) - t0;
  } finally {
    const exited = new Promise((ok) => (p.exitCode !== null || p.signalCode !== null ? ok(null) : p.once('exit', ok)));
    try {
      process.kill(-p.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }
}

/** CPU time (clock ticks, 100 a second) of the GPU process among the descendants of browser process `browserPid`. */
export function gpuProcessTicks(browserPid: number): number {
  return descendants(browserPid)
    .filter((p) => p.cmdline.includes('--type=gpu-process'))
    .reduce((sum, p) => sum + p.cpuTicks, 0);
}
