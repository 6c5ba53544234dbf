import { createServer, request, type Server } from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';
import { lcg } from './syntheticShow.ts';

/**
 * A local proxy in front of the conductor that delays every WebSocket message by a random 5–50 ms,
 * independently in each direction (asymmetric), keeping TCP's order. HTTP passes straight through.
 * For measuring clock sync of a render node behind a slow, uneven network, on loopback only.
 */
export async function startDelayProxy(targetPort: number, seed = 7, minMs = 5, maxMs = 50): Promise<{ port: number; close(): Promise<void> }> {
  const rnd = lcg(seed);
  const delay = () => minMs + rnd() * (maxMs - minMs);
  const server: Server = createServer((req, res) => {
    const up = request({ host: '127.0.0.1', port: targetPort, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (client) => {
      const upstream = new WebSocket(`ws://127.0.0.1:${targetPort}${req.url}`);
      const pending: (string | Buffer)[] = [];
      let clientNext = 0;
      let upstreamNext = 0;
      const later = (at: number, fn: () => void) => setTimeout(fn, Math.max(0, at - performance.now()));
      client.on('message', (data, binary) => {
        const payload = binary ? (data as Buffer) : data.toString();
        upstreamNext = Math.max(upstreamNext, performance.now() + delay());
        later(upstreamNext, () => (upstream.readyState === WebSocket.OPEN ? upstream.send(payload) : pending.push(payload)));
      });
      upstream.on('open', () => {
        for (const p of pending.splice(0)) upstream.send(p);
      });
      upstream.on('message', (data, binary) => {
        const payload = binary ? (data as Buffer) : data.toString();
        clientNext = Math.max(clientNext, performance.now() + delay());
        later(clientNext, () => client.readyState === WebSocket.OPEN && client.send(payload));
      });
      client.on('close', () => upstream.close());
      upstream.on('close', (code) => client.readyState === WebSocket.OPEN && client.close(code === 1005 ? 1000 : code));
      upstream.on('error', () => client.terminate());
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((ok) => {
        wss.close();
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
