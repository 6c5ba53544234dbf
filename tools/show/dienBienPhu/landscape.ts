/**
 * The layout of the placeholder Dien Bien Phu painting: where each named place sits in painting space
 * (u in [0, 1) round the hall, v in [0, 1] bottom to top), the ridge lines, and the named regions the
 * show masks its light with. Pure data and functions of a seed, shared by the painting generator
 * (`placeholderPainting.ts`) and the show builder (`buildShow.ts`), so the light always lands on the
 * hill it names. The real canvas keeps the same four sections; its regions are redrawn on the scan.
 */
import { hash2 } from '../../../engine/core/timeline/noise.ts';

/** A point in painting space [u, v]. */
export type UV = readonly [number, number];

/** A named hill of the placeholder: centre u, half-width in u, crest height v, foot v. */
export interface Hill {
  readonly id: string;
  /** Label painted on the canvas (Vietnamese name, French code name). */
  readonly label: string;
  readonly centerU: number;
  readonly halfWidthU: number;
  readonly crestV: number;
  readonly footV: number;
  /** Seed of its outline's small irregularities. */
  readonly seed: number;
}

/** The seed of every random choice in the placeholder (outlines, trees, craters, figures). */
export const LANDSCAPE_SEED = 1954;

/** The painting's four sections (DESIGN.md §1), as u ranges; the show's chapters follow them. */
export const SECTIONS = [
  { id: 'nation', u0: 0, u1: 0.25, label: '1 · Toàn dân ra trận — The whole nation goes to battle' },
  { id: 'him-lam', u0: 0.25, u1: 0.45, label: '2 · Khúc dạo đầu hùng tráng — The heroic prelude (Him Lam)' },
  { id: 'a1', u0: 0.45, u1: 0.72, label: '3 · Cuộc đối đầu lịch sử — The historic confrontation (Hill A1)' },
  { id: 'victory', u0: 0.72, u1: 1, label: '4 · Chiến thắng Điện Biên Phủ — Victory' },
] as const;

/** The horizon of the valley floor: far mountains stand above it, the floor lies below. */
export const HORIZON_V = 0.34;

/** The named hills of the battle, west to east round the hall. */
export const HILLS: readonly Hill[] = [
  { id: 'him-lam', label: 'Him Lam (Béatrice)', centerU: 0.305, halfWidthU: 0.028, crestV: 0.5, footV: 0.27, seed: 11 },
  { id: 'doc-lap', label: 'Độc Lập (Gabrielle)', centerU: 0.375, halfWidthU: 0.024, crestV: 0.55, footV: 0.3, seed: 12 },
  { id: 'ban-keo', label: 'Bản Kéo (Anne-Marie)', centerU: 0.425, halfWidthU: 0.016, crestV: 0.41, footV: 0.26, seed: 13 },
  { id: 'dominique', label: 'Dominique (D1, D2)', centerU: 0.5, halfWidthU: 0.026, crestV: 0.5, footV: 0.25, seed: 14 },
  { id: 'c1', label: 'Đồi C1 (Éliane 1)', centerU: 0.56, halfWidthU: 0.02, crestV: 0.46, footV: 0.24, seed: 15 },
  { id: 'a1', label: 'Đồi A1 (Éliane 2)', centerU: 0.62, halfWidthU: 0.03, crestV: 0.53, footV: 0.22, seed: 16 },
  { id: 'eliane', label: 'Éliane (E4, E10)', centerU: 0.685, halfWidthU: 0.022, crestV: 0.44, footV: 0.22, seed: 17 },
];

/** Other places painted and labelled. */
export const PLACES = {
  /** The porters' road over the mountains (section 1): a zig-zag from bottom left to the pass. */
  road: [[0.015, 0.06], [0.05, 0.16], [0.09, 0.12], [0.13, 0.26], [0.17, 0.22], [0.2, 0.36], [0.235, 0.33]] as readonly UV[],
  /** Guns hauled up the slope by hand (section 1). */
  guns: [[0.115, 0.19], [0.185, 0.3]] as readonly UV[],
  /** The Mường Thanh airstrip on the valley floor: [u0, u1] along it, centre v, half-height v. */
  airstrip: { u0: 0.77, u1: 0.895, v: 0.24, halfV: 0.018 },
  /** De Castries' command bunker by the Nậm Rốm, and the flag raised over it on 7 May 1954. */
  bunker: [0.935, 0.2] as UV,
  flag: [0.935, 0.3] as UV,
  /** The Mường Thanh bridge over the Nậm Rốm. */
  bridge: [0.962, 0.15] as UV,
  /** Where the French searchlights and guns stood, in the centre of the camp. */
  camp: [0.87, 0.2] as UV,
} as const;

/** The river Nậm Rốm: centreline v at u (from u 0.44 to 1 and on across the seam to 0.04). */
export function riverCentreV(u: number): number {
  return 0.135 + 0.03 * Math.sin(u * 37) + 0.015 * Math.sin(u * 91 + 1.3);
}
/** Half-width of the river in v. */
export const RIVER_HALF_V = 0.014;
/** Where the river is painted: u from RIVER_U0 to RIVER_U1 (past 1: across the seam). */
export const RIVER_U0 = 0.44;
export const RIVER_U1 = 1.04;

/** A seeded stream of numbers in [0, 1): the n-th value of a seed, no global state. */
export function seeded(seed: number): () => number {
  let n = 0;
  return () => hash2(seed, n++) / 4294967296;
}

/**
 * A ridge line that closes round the hall (periodic in u with period 1): a sum of sines with whole
 * frequencies and seeded phases, amplitudes falling as 1/k.
 */
export function ridgeV(seed: number, u: number, baseV: number, amplitudeV: number): number {
  let v = 0;
  for (let k = 2; k <= 48; k++) {
    const phase = (hash2(seed, k) / 4294967296) * Math.PI * 2;
    v += Math.sin(2 * Math.PI * k * u + phase) / k;
  }
  return baseV + amplitudeV * v;
}

/** The crest of a hill at u (its foot outside the hill's span): a rounded bump with seeded roughness. */
export function hillCrestV(h: Hill, u: number): number {
  const x = (u - h.centerU) / h.halfWidthU;
  const shape = Math.exp(-x * x * 1.6) * (1 - 0.08 * Math.cos(x * 5.5));
  let rough = 0;
  for (let k = 1; k <= 6; k++) rough += Math.sin(x * k * 3.1 + (hash2(h.seed, k) / 4294967296) * 6.283) / (k * 2);
  return h.footV + (h.crestV - h.footV) * shape + 0.006 * rough * shape;
}

/** The outline of a hill as a closed polygon in painting space (crest from left to right, then the foot). */
export function hillPolygon(h: Hill, steps = 48): UV[] {
  const pts: UV[] = [];
  const u0 = h.centerU - h.halfWidthU * 1.9;
  const u1 = h.centerU + h.halfWidthU * 1.9;
  for (let i = 0; i <= steps; i++) {
    const u = u0 + ((u1 - u0) * i) / steps;
    pts.push([u, Math.max(h.footV, hillCrestV(h, u))]);
  }
  pts.push([u1, h.footV - 0.03], [u0, h.footV - 0.03]);
  return pts;
}

/** The river as a closed polygon (upper bank left to right, lower bank back). */
export function riverPolygon(steps = 120): UV[] {
  const top: UV[] = [];
  const bottom: UV[] = [];
  for (let i = 0; i <= steps; i++) {
    const u = RIVER_U0 + ((RIVER_U1 - RIVER_U0) * i) / steps;
    const c = riverCentreV(u);
    const w = RIVER_HALF_V * (0.7 + 0.3 * (i / steps));
    top.push([u, c + w]);
    bottom.push([u, c - w]);
  }
  return [...top, ...bottom.reverse()];
}

/** A named region of the show: id, name and polygon, rounded to 5 decimals for a readable file. */
export interface RegionOut {
  id: string;
  name: string;
  polygon: [number, number][];
  featherV: number;
}

const round = (p: UV): [number, number] => [Math.round(p[0] * 1e5) / 1e5, Math.round(p[1] * 1e5) / 1e5];
const rect = (u0: number, v0: number, u1: number, v1: number): UV[] => [[u0, v0], [u1, v0], [u1, v1], [u0, v1]];

/** Every named region the show uses, in painting space. */
export function landscapeRegions(): RegionOut[] {
  const a = PLACES.airstrip;
  const [bu, bv] = PLACES.bunker;
  const [fu, fv] = PLACES.flag;
  const regions: { id: string; name: string; polygon: UV[]; featherV: number }[] = [
    ...HILLS.map((h) => ({ id: h.id, name: h.label, polygon: hillPolygon(h, 24), featherV: 0.02 })),
    { id: 'road', name: "The porters' road and the guns hauled over the mountains (section 1)", polygon: rect(0, 0.02, 0.25, 0.42), featherV: 0.04 },
    { id: 'river', name: 'Nậm Rốm river', polygon: riverPolygon(40), featherV: 0.01 },
    { id: 'airstrip', name: 'Mường Thanh airstrip', polygon: [[a.u0, a.v - a.halfV], [a.u1, a.v - a.halfV * 0.7], [a.u1, a.v + a.halfV * 0.7], [a.u0, a.v + a.halfV]], featherV: 0.01 },
    { id: 'bunker', name: "De Castries' command bunker", polygon: rect(bu - 0.014, bv - 0.045, bu + 0.014, bv + 0.04), featherV: 0.015 },
    { id: 'flag', name: 'The flag over the bunker', polygon: rect(fu - 0.006, fv - 0.06, fu + 0.01, fv + 0.06), featherV: 0.01 },
    { id: 'camp', name: 'The entrenched camp on the valley floor', polygon: rect(0.72, 0.02, 1.0, HORIZON_V - 0.04), featherV: 0.03 },
    { id: 'eastern-hills', name: 'The eastern hills: Dominique, C1, A1, Éliane', polygon: rect(0.46, 0.15, 0.72, 0.6), featherV: 0.04 },
    { id: 'sky', name: 'Sky', polygon: rect(0, 0.55, 1, 1.0), featherV: 0.08 },
  ];
  return regions.map((r) => ({ id: r.id, name: r.name, polygon: r.polygon.map(round), featherV: r.featherV }));
}

/** The centre of a named hill's crest, a little below the top (where a spot or a flash aims). */
export function hillAim(id: string): [number, number] {
  const h = HILLS.find((x) => x.id === id);
  if (!h) throw new Error(`no hill "${id}" in the placeholder landscape`);
  return [h.centerU, h.footV + (h.crestV - h.footV) * 0.72];
}
