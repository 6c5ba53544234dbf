import type { Profile, ProjectorConfig, WarpGridConfig } from '../../engine/core/profile/profileSchema.ts';

/** A warp point counts as moved when it differs by more than this, output pixels. */
const WARP_MOVED_PX = 1e-6;

function fmt(v: unknown): string {
  if (v === undefined) return '(none)';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) >= 1000 ? String(v) : v.toFixed(3);
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Leaf-by-leaf changes of two JSON values, as `path: before → after` lines. */
function diffValue(path: string, a: unknown, b: unknown, out: string[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) diffValue(`${path}.${k}`, a[k], b[k], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.length <= 16) {
    a.forEach((x, i) => diffValue(`${path}[${i}]`, x, b[i], out));
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    const changed = a.filter((x, i) => JSON.stringify(x) !== JSON.stringify(b[i])).length;
    out.push(`${path}: ${changed} of ${a.length} values changed`);
    return;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    out.push(`${path}: ${fmtPair(a, b)}`);
    return;
  }
  out.push(`${path}: ${fmt(a)} → ${fmt(b)}`);
}

/**
 * Two numbers with as many decimals as it takes to tell them apart (3 to 9), so a tiny change never
 * reads "0.000 → -0.000" or "1.500 → 1.500".
 */
function fmtPair(a: number, b: number): string {
  const show = (v: number, d: number) => (Object.is(Number(v.toFixed(d)), -0) ? (0).toFixed(d) : v.toFixed(d));
  let d = 3;
  while (d < 9 && show(a, d) === show(b, d)) d++;
  const big = (v: number) => Number.isInteger(v) && Math.abs(v) >= 1000;
  return `${big(a) ? String(a) : show(a, d)} → ${big(b) ? String(b) : show(b, d)}`;
}

function diffWarp(path: string, a: WarpGridConfig | undefined, b: WarpGridConfig | undefined, out: string[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (!a || !b) {
    out.push(`${path}: ${a ? `${a.cols}×${a.rows} grid` : '(none)'} → ${b ? `${b.cols}×${b.rows} grid` : '(none)'}`);
    return;
  }
  if (a.cols !== b.cols || a.rows !== b.rows) {
    out.push(`${path}: ${a.cols}×${a.rows} grid → ${b.cols}×${b.rows} grid`);
    return;
  }
  let moved = 0;
  let max = 0;
  a.offsetsPx.forEach(([ax, ay], i) => {
    const [bx, by] = b.offsetsPx[i]!;
    const d = Math.hypot(bx - ax, by - ay);
    if (d > WARP_MOVED_PX) moved++;
    max = Math.max(max, d);
  });
  out.push(`${path}: ${moved} of ${a.offsetsPx.length} points moved (max ${max.toFixed(1)} px)`);
}

function diffProjector(a: ProjectorConfig, b: ProjectorConfig, out: string[]): void {
  const path = `projectors[${a.id}]`;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])] as (keyof ProjectorConfig)[];
  for (const k of keys) {
    if (k === 'warp') diffWarp(`${path}.warp`, a.warp, b.warp, out);
    else diffValue(`${path}.${k}`, a[k], b[k], out);
  }
}

/** Items of two lists matched by id: added, removed and changed ones, in the newer list's order. */
function diffById<T extends { readonly id: string }>(path: string, a: readonly T[], b: readonly T[], changed: (x: T, y: T) => void, out: string[]): void {
  const before = new Map(a.map((x) => [x.id, x]));
  const after = new Map(b.map((x) => [x.id, x]));
  for (const x of a) if (!after.has(x.id)) out.push(`${path}[${x.id}]: removed`);
  for (const y of b) {
    const x = before.get(y.id);
    if (!x) out.push(`${path}[${y.id}]: added`);
    else changed(x, y);
  }
  const orderA = a.map((x) => x.id).filter((id) => after.has(id));
  const orderB = b.map((x) => x.id).filter((id) => before.has(id));
  if (orderA.join('\n') !== orderB.join('\n')) out.push(`${path}: order changed`);
}

/**
 * What changed from profile `a` to profile `b`, one human-readable line per change, projectors and
 * speakers keyed by id: `projectors[P03].pose.yawDeg: 12.000 → 13.000`, `projectors[P03].warp: 12 of
 * 81 points moved (max 3.2 px)`, `projectors[P13]: added`, `audio.speakers[L]: removed`.
 */
export function diffProfiles(a: Profile, b: Profile): string[] {
  const out: string[] = [];
  const { projectors: pa, audio: aa, ...restA } = a;
  const { projectors: pb, audio: ab, ...restB } = b;
  diffValue('', restA, restB, out);
  diffById('projectors', pa, pb, (x, y) => diffProjector(x, y, out), out);
  const { speakers: sa = [], ...audioRestA } = aa ?? { speakers: [] };
  const { speakers: sb = [], ...audioRestB } = ab ?? { speakers: [] };
  if ((aa === undefined) !== (ab === undefined)) out.push(`audio: ${aa ? 'present' : '(none)'} → ${ab ? 'present' : '(none)'}`);
  diffValue('.audio', audioRestA, audioRestB, out);
  diffById('audio.speakers', sa, sb, (x, y) => diffValue(`audio.speakers[${x.id}]`, x, y, out), out);
  return out.map((line) => (line.startsWith('.') ? line.slice(1) : line));
}
