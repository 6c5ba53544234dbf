import { gsap } from 'gsap';

/** A normalised easing curve: progress 0..1 in, eased progress out (may overshoot for back/elastic). */
export type EaseFn = (p: number) => number;

/** The value holds at the previous keyframe and jumps at the next one. */
export const HOLD = 'hold';
/** Straight-line interpolation (GSAP's "none"). */
export const LINEAR = 'linear';

const linear: EaseFn = (p) => p;
const hold: EaseFn = (p) => (p >= 1 ? 1 : 0);

/**
 * GSAP's own ease table (parseEase() with no argument). Every name in it is accepted; the curves are
 * GSAP's, not re-implemented here.
 */
const gsapEaseTable = gsap.parseEase() as unknown as Record<string, unknown>;

const NAME_RE = /^([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z]+)?)(?:\(([^()]*)\))?$/;
const NUMBER_RE = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** The result of checking an ease name: the curve, or why the name was refused. */
export type EaseParse = { ok: true; ease: EaseFn } | { ok: false; reason: string };

const cache = new Map<string, EaseParse>();

/**
 * Parses an ease name as written in a show file: "linear", "hold", or any GSAP core ease with an
 * optional configuration ("power2.inOut", "back.out(1.7)", "elastic.out(1, 0.3)", "steps(6)").
 * Pure and cached; names are case-sensitive as in GSAP.
 */
export function parseEaseName(name: string): EaseParse {
  const hit = cache.get(name);
  if (hit) return hit;
  const result = parseUncached(name);
  cache.set(name, result);
  return result;
}

function parseUncached(name: string): EaseParse {
  if (name === LINEAR) return { ok: true, ease: linear };
  if (name === HOLD) return { ok: true, ease: hold };
  const m = NAME_RE.exec(name);
  if (!m) return { ok: false, reason: 'is not an ease name' };
  const base = m[1] as string;
  const entry = Object.prototype.hasOwnProperty.call(gsapEaseTable, base) ? gsapEaseTable[base] : undefined;
  // Most entries are curves; configurable ones (steps) are config objects.
  if (typeof entry !== 'function' && (typeof entry !== 'object' || entry === null)) {
    return { ok: false, reason: "is not a GSAP ease" };
  }
  const args = m[2];
  if (args !== undefined) {
    const parts = args.split(',').map((s) => s.trim());
    if (parts.length > 3 || parts.some((s) => !NUMBER_RE.test(s))) {
      return { ok: false, reason: 'takes up to three numbers in its brackets' };
    }
    const nums = parts.map(Number);
    if (nums.some((n) => !Number.isFinite(n))) return { ok: false, reason: 'has a number that is not finite' };
    if (base === 'steps' || base === 'SteppedEase') {
      const n = nums[0] as number;
      if (!Number.isInteger(n) || n < 1 || n > 10000) return { ok: false, reason: 'steps(n) needs a whole number of steps from 1 to 10000' };
    }
  } else if (base === 'steps' || base === 'SteppedEase') {
    return { ok: false, reason: 'steps needs a count, like steps(6)' };
  }
  const fn = gsap.parseEase(name) as EaseFn | undefined;
  if (typeof fn !== 'function') return { ok: false, reason: 'is not a GSAP ease' };
  for (const p of [0, 0.25, 0.5, 0.75, 1]) {
    if (!Number.isFinite(fn(p))) return { ok: false, reason: 'gives a curve that is not finite with these settings' };
  }
  return { ok: true, ease: fn };
}

/** The curve for a name already validated by the schema; throws on an invalid name (a programming error). */
export function easeFn(name: string): EaseFn {
  const r = parseEaseName(name);
  if (!r.ok) throw new Error(`ease "${name}" ${r.reason}`);
  return r.ease;
}

/** Examples of valid names, for error messages and editors. */
export const EASE_EXAMPLES = 'linear, hold, power2.inOut, sine.out, back.out(1.7), elastic.out(1, 0.3), steps(6)';
