import { PATTERNS, type PatternName } from '../../engine/render/output/outputShader.ts';

/**
 * What render and simulate draw: `--pattern` (default `content`, the show's picture, which needs
 * --show; `noShow` says what to give instead) at `--t`, in seconds ≥ 0 (default 0); or what is wrong.
 */
export function readPicture(v: ReadonlyMap<string, string>, noShow: string): { pattern: PatternName; t: number } | string {
  const pattern = (v.get('pattern') ?? 'content') as PatternName;
  if (!(pattern in PATTERNS)) return `unknown pattern "${v.get('pattern')}"`;
  if (pattern === 'content' && !v.has('show')) return noShow;
  const t = v.has('t') ? Number(v.get('t')) : 0;
  if (!Number.isFinite(t) || t < 0) return `--t must be a time in seconds ≥ 0, got "${v.get('t')}"`;
  return { pattern, t };
}
