/**
 * Landmarks of the placeholder Dien Bien Phu painting for pose-from-points calibration: points a
 * technician can click precisely (summits, hill feet, river bends, the airstrip's corners, the bunker,
 * isolated clouds), computed from the same layout the painting is drawn from
 * (tools/show/dienBienPhu/landscape.ts, tools/painting/placeholderPainting.ts), so they sit exactly on
 * what the canvas shows. A projector's image covers about 1/11 of the round, so every 1/12 of the
 * round gets landmarks low, in the middle and high on the wall. Redraw them on the real scan.
 */
import type { Landmark } from '../../engine/core/profile/profileSchema.ts';
import { HILLS, HORIZON_V, LANDSCAPE_SEED, PLACES, RIVER_U0, RIVER_U1, SECTIONS, hillCrestV, ridgeV, riverCentreV, seeded } from '../show/dienBienPhu/landscape.ts';

const r5 = (x: number): number => Math.round(x * 1e5) / 1e5;
const wrap = (u: number): number => ((u % 1) + 1) % 1;

/** The rear mountains of section 1, as placeholderPainting.ts draws them (v at u). */
function mountainV(u: number): number {
  const x = (u - 0.13) / 0.12;
  return 0.05 + 0.5 * Math.exp(-x * x * 1.2) + 0.03 * Math.sin(u * 140) + 0.015 * Math.sin(u * 310);
}

/** The front far ridge (drawn over the back one), as placeholderPainting.ts draws it. */
const frontRidgeV = (u: number): number => ridgeV(LANDSCAPE_SEED + 2, u, 0.44, 0.07);
/** The back far ridge, paler, drawn first. */
const backRidgeV = (u: number): number => ridgeV(LANDSCAPE_SEED + 1, u, 0.52, 0.09);

/** The highest thing drawn in front of the far ridge at u (the rear mountains, the named hills). */
function foregroundV(u: number): number {
  let v = u >= -0.01 && u <= 0.26 ? mountainV(u) : 0;
  for (const h of HILLS) if (Math.abs(u - h.centerU) <= h.halfWidthU * 1.9) v = Math.max(v, hillCrestV(h, u));
  return v;
}

/**
 * Summits of a profile v(u): local maxima over ±halfWindow with a prominence of at least
 * `minDropV` on both sides (so a technician sees a peak, not a bump), sampled every 1/16384.
 */
function summits(v: (u: number) => number, u0: number, u1: number, halfWindow: number, minDropV: number): [number, number][] {
  const step = 1 / 16384;
  const out: [number, number][] = [];
  for (let u = u0 + halfWindow; u <= u1 - halfWindow; u += step) {
    const c = v(u);
    if (c < v(u - step) || c < v(u + step)) continue;
    let ok = true;
    let dropL = 0;
    let dropR = 0;
    for (let d = step; d <= halfWindow; d += step) {
      const l = v(u - d);
      const r = v(u + d);
      if (l > c || r > c) {
        ok = false;
        break;
      }
      dropL = Math.max(dropL, c - l);
      dropR = Math.max(dropR, c - r);
    }
    if (ok && dropL >= minDropV && dropR >= minDropV) out.push([u, c]);
  }
  return out;
}

/** Clouds as placeholderPainting.ts draws them (the first 90 × 4 numbers of the landscape seed). */
function clouds(): { u: number; v: number; rw: number }[] {
  const rnd = seeded(LANDSCAPE_SEED);
  return Array.from({ length: 90 }, () => {
    const u = rnd();
    const v = 0.62 + rnd() * 0.28;
    const rw = 0.01 + rnd() * 0.03;
    rnd();
    return { u, v, rw };
  });
}

/** Every landmark of the placeholder painting, ids stable, in painting uv. */
export function placeholderLandmarks(): Landmark[] {
  const out: Landmark[] = [];
  const add = (id: string, name: string, u: number, v: number) => out.push({ id, name, u: r5(wrap(u)), v: r5(v) });

  // The named hills: crest (highest point of the outline) and the two corners of the foot.
  for (const h of HILLS) {
    const [cu, cv] = summits((u) => hillCrestV(h, u), h.centerU - h.halfWidthU, h.centerU + h.halfWidthU, h.halfWidthU * 0.9, 0)[0] ?? [h.centerU, h.crestV];
    add(`${h.id}-summit`, `Summit of ${h.label}`, cu, cv);
    add(`${h.id}-foot-left`, `Left foot corner of ${h.label}`, h.centerU - h.halfWidthU * 1.9, h.footV - 0.03);
    add(`${h.id}-foot-right`, `Right foot corner of ${h.label}`, h.centerU + h.halfWidthU * 1.9, h.footV - 0.03);
  }
  // Section 1: the turns of the porters' road, the guns, the summits of the rear mountains.
  PLACES.road.forEach(([u, v], i) => add(`road-${i + 1}`, i === 0 ? "Start of the porters' road (bottom left)" : i === PLACES.road.length - 1 ? "End of the porters' road at the pass" : `Turn ${i} of the porters' road`, u, v));
  PLACES.guns.forEach(([u, v], i) => add(`gun-${i + 1}`, `Gun ${i + 1} hauled by hand (centre of its wheels)`, u, v));
  summits(mountainV, 0, 0.25, 0.012, 0.02).forEach(([u, v], i) => add(`mountain-${i + 1}`, `Summit ${i + 1} of the rear mountains (section 1)`, u, v));
  // Valley floor: the airstrip's four corners, the bunker, the flag, the bridge.
  const a = PLACES.airstrip;
  add('airstrip-west-bottom', 'Airstrip, west end, lower corner', a.u0, a.v - a.halfV);
  add('airstrip-west-top', 'Airstrip, west end, upper corner', a.u0, a.v + a.halfV);
  add('airstrip-east-bottom', 'Airstrip, east end, lower corner', a.u1, a.v - a.halfV * 0.7);
  add('airstrip-east-top', 'Airstrip, east end, upper corner', a.u1, a.v + a.halfV * 0.7);
  add('bunker', "De Castries' bunker (centre of the mound)", PLACES.bunker[0], PLACES.bunker[1]);
  add('flag', 'Flag over the bunker (top of the pole)', PLACES.flag[0], PLACES.flag[1]);
  add('bridge', 'Mường Thanh bridge (centre)', PLACES.bridge[0], riverCentreV(PLACES.bridge[0]));
  // River bends: the turning points of the Nậm Rốm's centreline (highest and lowest).
  const riverUp = summits(riverCentreV, RIVER_U0, RIVER_U1, 0.012, 0.006);
  const riverDown = summits((u) => -riverCentreV(u), RIVER_U0, RIVER_U1, 0.012, 0.006);
  [...riverUp, ...riverDown].sort((x, y) => x[0] - y[0]).forEach(([u], i) => add(`river-bend-${i + 1}`, `Bend ${i + 1} of the Nậm Rốm (centre of the river)`, u, riverCentreV(u)));
  // The far ridge's summits where nothing stands in front of them.
  summits(frontRidgeV, -0.02, 1.02, 0.005, 0.005)
    .filter(([u, v]) => v > foregroundV(wrap(u)) + 0.01 && v > HORIZON_V + 0.02)
    .forEach(([u, v], i) => add(`ridge-${i + 1}`, `Summit ${i + 1} of the near far ridge (darker)`, u, v));
  // The back ridge (paler) shows above the front one: its summits where it stands clear of it.
  summits(backRidgeV, -0.02, 1.02, 0.005, 0.005)
    .filter(([u, v]) => v > Math.max(frontRidgeV(u), foregroundV(wrap(u))) + 0.015)
    .forEach(([u, v], i) => add(`back-ridge-${i + 1}`, `Summit ${i + 1} of the distant ridge (paler)`, u, v));
  // The notches between summits of the near ridge (sharp V's against the paler ridge behind).
  summits((u) => -frontRidgeV(u), -0.02, 1.02, 0.005, 0.006)
    .map(([u, v]): [number, number] => [u, -v])
    .filter(([u, v]) => v > foregroundV(wrap(u)) + 0.01 && v > HORIZON_V + 0.02)
    .forEach(([u, v], i) => add(`ridge-notch-${i + 1}`, `Notch ${i + 1} of the near far ridge (lowest point between two summits)`, u, v));
  // High on the wall: clouds whose centre no other cloud covers (their ellipses are rw wide, 1.15 rw tall in v).
  const cs = clouds();
  cs.forEach((c, i) => {
    const clear = cs.every((o, j) => {
      if (j === i) return true;
      const du = Math.min(Math.abs(o.u - c.u), 1 - Math.abs(o.u - c.u));
      return (du / o.rw) ** 2 + ((o.v - c.v) / (1.152 * o.rw)) ** 2 > 1.2 ** 2;
    });
    if (clear) add(`cloud-${i + 1}`, `Centre of cloud ${i + 1}`, c.u, c.v);
  });
  // Painted labels: the middle of each label's baseline (text-anchor middle in the SVG).
  for (const h of HILLS) add(`${h.id}-label`, `Middle of the baseline of the label "${h.label}"`, h.centerU, h.crestV + 0.04);
  SECTIONS.forEach((sec, i) => add(`section-${i + 1}-title`, `Middle of the baseline of section title ${i + 1}`, (sec.u0 + sec.u1) / 2, 0.86));
  for (let q = 0; q < 4; q++) add(`banner-${q + 1}`, `Middle of the baseline of PLACEHOLDER banner ${q + 1} (top band)`, q / 4 + 0.125, 1 - 100 / 2560);
  add('label-road', "Middle of the baseline of the porters' road label", 0.125, 0.48);
  add('label-river', 'Middle of the baseline of the label "Sông Nậm Rốm"', 0.7, riverCentreV(0.7) - 0.045);
  add('label-airstrip', 'Middle of the baseline of the airstrip label', (a.u0 + a.u1) / 2, a.v + 0.035);
  add('label-trenches', 'Middle of the baseline of the trenches label', 0.58, 0.12);
  // Dedupe positions that wrap onto each other (ridge summits found on both sides of the seam).
  const seen = new Set<string>();
  return out.filter((l) => {
    const key = /ridge-/.test(l.id) ? `${Math.round(l.u * 500)}:${Math.round(l.v * 500)}` : l.id;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
