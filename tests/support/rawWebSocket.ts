import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * A WebSocket client written by hand on a raw TCP socket, for clients a library would not let us be:
 * one that never reads (stalled) or never answers a ping (half-open). It completes the upgrade, then
 * only writes what it is told to.
 */
export interface RawWebSocket {
  readonly socket: Socket;
  /** Writes one masked text frame (as every client must). */
  sendText(text: string): void;
  /** Bytes received so far (the upgrade answer included). */
  received(): number;
  /** Resolves when the server closes or destroys the connection. */
  readonly closed: Promise<void>;
}

/** Encodes one masked client text frame. */
export function textFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const mask = randomBytes(4);
  const len = payload.length;
  const header = len < 126 ? Buffer.from([0x81, 0x80 | len]) : len < 65536 ? Buffer.from([0x81, 0x80 | 126, len >> 8, len & 255]) : Buffer.concat([Buffer.from([0x81, 0x80 | 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(len)); return b; })()]);
  const body = Buffer.alloc(len);
  for (let i = 0; i < len; i++) body[i] = payload[i]! ^ mask[i & 3]!;
  return Buffer.concat([header, mask, body]);
}

/**
 * Opens `ws://host:port/ws` by hand. With `read: false` the socket stops reading as soon as the upgrade
 * is answered: the kernel's buffers fill and the server must hold (or drop) everything else.
 */
export async function openRawWebSocket(host: string, port: number, options: { read: boolean }): Promise<RawWebSocket> {
  const socket = connect(port, host);
  let bytes = 0;
  let head = '';
  const closed = new Promise<void>((ok) => socket.once('close', () => ok()));
  socket.on('error', () => {});
  await new Promise<void>((ok, fail) => {
    socket.once('connect', () => {
      socket.write(`GET /ws HTTP/1.1\r\nHost: ${host}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
    const onData = (d: Buffer) => {
      bytes += d.length;
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      if (!head.startsWith('HTTP/1.1 101')) return fail(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
      if (!options.read) {
        socket.off('data', onData);
        socket.pause();
      }
      ok();
    };
    socket.on('data', onData);
    socket.once('error', fail);
  });
  if (options.read) socket.on('data', (d: Buffer) => (bytes += d.length));
  return { socket, sendText: (t) => void socket.write(textFrame(t)), received: () => bytes, closed };
}
