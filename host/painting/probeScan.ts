import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** The kind of a scan from its first bytes, or why it is not one. */
export type ScanKind = { ok: true; kind: 'png' | 'jpeg' | 'tiff' } | { ok: false; reason: string };

function readAt(fd: number, position: number, length: number): Buffer {
  const b = Buffer.alloc(length);
  const n = readSync(fd, b, 0, length, position);
  return b.subarray(0, n);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/**
 * Says what a scan file is from its bytes alone (never its name): PNG, JPEG or TIFF (BigTIFF too),
 * and whether it visibly ends early: a PNG must end with its IEND chunk, a JPEG with its EOI marker
 * (some padding allowed), a TIFF's first directory must lie inside the file. libvips still checks
 * every pixel while importing; this catches the common cases before any work starts.
 */
export function probeScan(file: string): ScanKind {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) return { ok: false, reason: 'is a folder, not an image file' };
    size = st.size;
  } catch {
    return { ok: false, reason: 'does not exist' };
  }
  if (size === 0) return { ok: false, reason: 'is empty' };
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    return { ok: false, reason: `cannot be opened (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    const head = readAt(fd, 0, 16);
    if (head.length >= 8 && head.subarray(0, 8).equals(PNG_SIGNATURE)) {
      const tail = readAt(fd, Math.max(0, size - 12), 12);
      if (!tail.equals(PNG_IEND)) return { ok: false, reason: 'is a PNG file that ends early (no IEND chunk at its end): truncated or damaged' };
      return { ok: true, kind: 'png' };
    }
    if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) {
      const n = Math.min(size, 65536);
      const tail = readAt(fd, size - n, n);
      for (let i = tail.length - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return { ok: true, kind: 'jpeg' };
      return { ok: false, reason: 'is a JPEG file that ends early (no end-of-image marker): truncated or damaged' };
    }
    const le = head[0] === 0x49 && head[1] === 0x49;
    const be = head[0] === 0x4d && head[1] === 0x4d;
    if ((le || be) && head.length >= 16) {
      const magic = le ? head.readUInt16LE(2) : head.readUInt16BE(2);
      let ifd = -1;
      if (magic === 42) ifd = le ? head.readUInt32LE(4) : head.readUInt32BE(4);
      else if (magic === 43) ifd = Number(le ? head.readBigUInt64LE(8) : head.readBigUInt64BE(8));
      if (ifd >= 0) {
        if (ifd < 8 || ifd >= size) return { ok: false, reason: `is a TIFF file whose first directory (at byte ${ifd}) lies outside its ${size} bytes: truncated or damaged` };
        return { ok: true, kind: 'tiff' };
      }
    }
    const text = head.length >= 8 && [...head.subarray(0, 8)].every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127)) ? ' (it looks like text)' : '';
    return { ok: false, reason: `is not a TIFF, PNG or JPEG image${text}` };
  } finally {
    closeSync(fd);
  }
}
