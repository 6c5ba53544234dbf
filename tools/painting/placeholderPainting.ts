/**
 * npm run assets:placeholder [-- --out assets/paintings/placeholder --width 16384]
 * Draws the PLACEHOLDER Dien Bien Phu painting (the museum's canvas cannot be shipped): a 360°
 * landscape of the Mường Thanh valley — the porters' road, Him Lam, Độc Lập, Bản Kéo, Dominique,
 * C1, A1, Éliane, the Nậm Rốm, the airstrip, de Castries' bunker, trenches — as SVG from seeded
 * shapes (no Math.random: the same file on every machine with the same fonts), rendered to JPEG by
 * sharp (librsvg), then imported by `npm run assets:import` into a tile pyramid in --out (`tiles.json`,
 * `tiles/`), exactly as the real scan will be; adds `regions.json` (the named regions the show uses).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import {
  HILLS,
  HORIZON_V,
  LANDSCAPE_SEED,
  PLACES,
  SECTIONS,
  hillCrestV,
  hillPolygon,
  landscapeRegions,
  ridgeV,
  riverCentreV,
  riverPolygon,
  seeded,
  type UV,
} from '../show/dienBienPhu/landscape.ts';

/** Width of the placeholder in pixels (the hall's 132 m × 20.5 m gives height = width / 6.4). */
export const DEFAULT_WIDTH_PX = 16_384;
/** The banner painted into the sky, every quarter of the way round. */
export const PLACEHOLDER_TEXT = "PLACEHOLDER — not the museum's painting · TRANH TẠM — không phải bức tranh của bảo tàng · ÉBAUCHE — ce n'est pas la peinture du musée";

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');

/** What every layer draws with: the size, painting space → pixels, the seeded stream, the SVG lines. */
interface Sketch {
  readonly W: number;
  readonly H: number;
  readonly X: (u: number) => string;
  readonly Y: (v: number) => string;
  readonly path: (pts: readonly UV[], close?: boolean) => string;
  /** A size given for a 2560-px-high painting, at this height. */
  readonly fs: (px: number) => number;
  /** One seeded stream shared by the layers, drawn in order: the same picture every run. */
  readonly rnd: () => number;
  readonly out: string[];
}

/** Gradients, the sky and its clouds. */
function drawSky(s: Sketch): void {
  const { W, H, X, Y, rnd, out } = s;
  out.push(`<defs>
<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#5d7697"/><stop offset="0.55" stop-color="#a9b4bd"/><stop offset="1" stop-color="#e2d6b8"/></linearGradient>
<linearGradient id="floor" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#8d9064"/><stop offset="1" stop-color="#5e6a3c"/></linearGradient>
<linearGradient id="hill" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#7a6a45"/><stop offset="1" stop-color="#4f5a32"/></linearGradient>
<linearGradient id="mount" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#4f6a48"/><stop offset="1" stop-color="#34482e"/></linearGradient>
<linearGradient id="river" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#8fa6b0"/><stop offset="1" stop-color="#5b7480"/></linearGradient>
</defs>`);
  // Sky and clouds.
  out.push(`<rect width="${W}" height="${H}" fill="url(#sky)"/>`);
  for (let i = 0; i < 90; i++) {
    const u = rnd();
    const v = 0.62 + rnd() * 0.28;
    const rw = 0.01 + rnd() * 0.03;
    out.push(`<ellipse cx="${X(u)}" cy="${Y(v)}" rx="${(rw * W).toFixed(0)}" ry="${(rw * W * 0.18).toFixed(0)}" fill="#f1ece0" fill-opacity="${(0.25 + rnd() * 0.35).toFixed(2)}"/>`);
  }
}

/** The far ridges round the whole hall and the valley floor with its paddies. */
function drawValley(s: Sketch): void {
  const { W, H, X, Y, path, rnd, out } = s;
  // Far ridges round the whole hall (periodic, so they close at the seam).
  const ridge = (seed: number, base: number, amp: number, fill: string) => {
    const pts: UV[] = [[0, 0]];
    for (let i = 0; i <= 1024; i++) pts.push([i / 1024, ridgeV(seed, i / 1024, base, amp)]);
    pts.push([1, 0]);
    out.push(`<path d="${path(pts)}" fill="${fill}"/>`);
  };
  ridge(LANDSCAPE_SEED + 1, 0.52, 0.09, '#8c9aab');
  ridge(LANDSCAPE_SEED + 2, 0.44, 0.07, '#6f8080');
  // The valley floor, with seeded paddy patches.
  out.push(`<rect x="0" y="${Y(HORIZON_V)}" width="${W}" height="${(HORIZON_V * H).toFixed(0)}" fill="url(#floor)"/>`);
  for (let i = 0; i < 700; i++) {
    const u = rnd();
    const v = rnd() * (HORIZON_V - 0.02);
    const w = (0.004 + rnd() * 0.012) * (1.4 - v * 2);
    const h = w * 6.4 * (0.15 + rnd() * 0.2);
    const c = ['#7f8a55', '#98985f', '#6c7a45', '#a59b6a'][Math.floor(rnd() * 4)];
    out.push(`<rect x="${X(u)}" y="${Y(v + h)}" width="${(w * W).toFixed(0)}" height="${(h * H).toFixed(0)}" fill="${c}" fill-opacity="0.7"/>`);
  }
}

/** Section 1: the mountains of the rear. */
function drawRear(s: Sketch): void {
  const { X, Y, path, fs, rnd, out } = s;
  // Section 1: the mountains of the rear, with the porters' road and the guns hauled by hand.
  const mpts: UV[] = [[0, 0]];
  for (let i = 0; i <= 200; i++) {
    const u = -0.01 + (0.27 * i) / 200;
    const x = (u - 0.13) / 0.12;
    mpts.push([u, 0.05 + 0.5 * Math.exp(-x * x * 1.2) + 0.03 * Math.sin(u * 140) + 0.015 * Math.sin(u * 310)]);
  }
  mpts.push([0.26, 0]);
  out.push(`<path d="${path(mpts)}" fill="url(#mount)"/>`);
  for (let i = 0; i < 900; i++) {
    const u = rnd() * 0.25;
    const x = (u - 0.13) / 0.12;
    const top = 0.05 + 0.5 * Math.exp(-x * x * 1.2);
    const v = rnd() * top;
    const r = 6 + rnd() * 14;
    out.push(`<circle cx="${X(u)}" cy="${Y(v)}" r="${fs(r)}" fill="${rnd() < 0.5 ? '#2f4a2a' : '#3d5a34'}"/>`);
  }
}

/** The porters' road, with porters, bicycles and horses along it. */
function drawRoad(s: Sketch): void {
  const { X, Y, path, fs, rnd, out } = s;
  out.push(`<path d="${path(PLACES.road, false)}" fill="none" stroke="#b39c6c" stroke-width="${fs(26)}" stroke-linejoin="round"/>`);
  // Porters, bicycles and horses along the road: small dark figures with loads.
  for (let s = 0; s < PLACES.road.length - 1; s++) {
    const [u0, v0] = PLACES.road[s]!;
    const [u1, v1] = PLACES.road[s + 1]!;
    for (let k = 0; k < 26; k++) {
      const f = (k + rnd() * 0.5) / 26;
      const u = u0 + (u1 - u0) * f;
      const v = v0 + (v1 - v0) * f;
      const x = Number(X(u));
      const y = Number(Y(v));
      const h = fs(34);
      if (k % 5 === 2) out.push(`<circle cx="${x - h * 0.4}" cy="${y}" r="${h * 0.3}" fill="none" stroke="#1e1a14" stroke-width="${fs(4)}"/><circle cx="${x + h * 0.4}" cy="${y}" r="${h * 0.3}" fill="none" stroke="#1e1a14" stroke-width="${fs(4)}"/><rect x="${x - h * 0.4}" y="${y - h * 0.9}" width="${h * 0.8}" height="${h * 0.5}" fill="#6b4d2a"/>`);
      else out.push(`<rect x="${x - h * 0.1}" y="${y - h}" width="${h * 0.22}" height="${h}" fill="#1e1a14"/><line x1="${x - h * 0.5}" y1="${y - h * 0.95}" x2="${x + h * 0.5}" y2="${y - h * 0.95}" stroke="#1e1a14" stroke-width="${fs(4)}"/><circle cx="${x - h * 0.5}" cy="${y - h * 0.7}" r="${h * 0.18}" fill="#7d6238"/><circle cx="${x + h * 0.5}" cy="${y - h * 0.7}" r="${h * 0.18}" fill="#7d6238"/>`);
    }
  }
}

/** The guns hauled by hand up the slopes. */
function drawGuns(s: Sketch): void {
  const { X, Y, fs, out } = s;
  for (const [u, v] of PLACES.guns) {
    const x = Number(X(u));
    const y = Number(Y(v));
    const h = fs(60);
    out.push(`<g><circle cx="${x - h}" cy="${y}" r="${h * 0.45}" fill="#2a2a24"/><circle cx="${x + h * 0.2}" cy="${y}" r="${h * 0.45}" fill="#2a2a24"/><rect x="${x - h * 1.6}" y="${y - h * 0.9}" width="${h * 2.4}" height="${h * 0.5}" fill="#3a3b33"/><line x1="${x + h * 0.8}" y1="${y - h * 0.65}" x2="${x + h * 3}" y2="${y - h * 1.7}" stroke="#3a3b33" stroke-width="${h * 0.25}"/></g>`);
    for (let k = 0; k < 12; k++) {
      const px = x - h * 2 - k * h * 0.55;
      out.push(`<line x1="${x - h * 1.6}" y1="${y - h * 0.6}" x2="${px}" y2="${y + h * 0.4 + k * h * 0.08}" stroke="#c9b68a" stroke-width="${fs(3)}"/><rect x="${px - h * 0.1}" y="${y + k * h * 0.08 - h * 0.3}" width="${h * 0.22}" height="${h * 0.9}" fill="#1e1a14"/>`);
    }
  }
}

/** The river Nậm Rốm and the Mường Thanh bridge. */
function drawRiver(s: Sketch): void {
  const { W, H, X, Y, path, out } = s;
  // The river Nậm Rốm and the Mường Thanh bridge (drawn twice where it crosses the seam).
  for (const shift of [0, -1]) {
    const pts = riverPolygon(200).map(([u, v]) => [u + shift, v] as UV);
    out.push(`<path d="${path(pts)}" fill="url(#river)"/>`);
  }
  const [bru] = PLACES.bridge;
  out.push(`<rect x="${X(bru - 0.004)}" y="${Y(riverCentreV(bru) + 0.03)}" width="${(0.008 * W).toFixed(0)}" height="${(0.06 * H).toFixed(0)}" fill="#5a4a3a"/>`);
}

/** The named hills, scarred by shells, with trench lines and craters. */
function drawHills(s: Sketch): void {
  const { X, Y, path, fs, rnd, out } = s;
  // The named hills, scarred by shells, with trench lines and craters.
  for (const h of HILLS) {
    const outline = hillPolygon(h, 96);
    out.push(`<path d="${path(outline)}" fill="url(#hill)"/>`);
    out.push(`<path d="${path(outline.slice(0, -2), false)}" fill="none" stroke="#3c3520" stroke-width="${fs(4)}"/>`);
    for (let i = 0; i < 60; i++) {
      const u = h.centerU + (rnd() * 2 - 1) * h.halfWidthU * 1.4;
      const top = hillCrestV(h, u);
      if (top <= h.footV + 0.01) continue;
      const v = h.footV + rnd() * (top - h.footV) * 0.92;
      const r = fs(8 + rnd() * 18);
      out.push(`<ellipse cx="${X(u)}" cy="${Y(v)}" rx="${r}" ry="${(r * 0.55).toFixed(1)}" fill="#2e2618" fill-opacity="0.75"/>`);
    }
    for (let l = 0; l < 3; l++) {
      const pts: UV[] = [];
      const frac = 0.35 + l * 0.2;
      for (let i = 0; i <= 24; i++) {
        const u = h.centerU + ((i / 24) * 2 - 1) * h.halfWidthU * 1.3;
        const top = hillCrestV(h, u);
        pts.push([u, h.footV + (top - h.footV) * frac + (i % 2 ? 0.006 : -0.006)]);
      }
      out.push(`<path d="${path(pts, false)}" fill="none" stroke="#2a2216" stroke-width="${fs(7)}"/>`);
    }
  }
}

/** The besiegers' trenches. */
function drawTrenches(s: Sketch): void {
  const { path, fs, rnd, out } = s;
  // The besiegers' trenches creeping across the valley floor towards the camp.
  for (let t = 0; t < 9; t++) {
    const pts: UV[] = [];
    let u = 0.47 + t * 0.03;
    let v = 0.26 - rnd() * 0.04;
    for (let i = 0; i < 16; i++) {
      pts.push([u, v]);
      u += 0.006 + rnd() * 0.01;
      v += (i % 2 ? 1 : -1) * (0.01 + rnd() * 0.012) - 0.004;
    }
    out.push(`<path d="${path(pts, false)}" fill="none" stroke="#3b2e1c" stroke-width="${fs(9)}" stroke-linejoin="miter"/>`);
  }
}

/** The airstrip and the camp's dug-outs. */
function drawCamp(s: Sketch): void {
  const { X, Y, path, fs, rnd, out } = s;
  // The airstrip (pierced steel plates) and the camp's dug-outs.
  const a = PLACES.airstrip;
  out.push(`<path d="${path([[a.u0, a.v - a.halfV], [a.u1, a.v - a.halfV * 0.7], [a.u1, a.v + a.halfV * 0.7], [a.u0, a.v + a.halfV]])}" fill="#8b8577" stroke="#5d584c" stroke-width="${fs(6)}"/>`);
  for (let i = 0; i <= 60; i++) {
    const u = a.u0 + ((a.u1 - a.u0) * i) / 60;
    out.push(`<line x1="${X(u)}" y1="${Y(a.v - a.halfV * 0.85)}" x2="${X(u)}" y2="${Y(a.v + a.halfV * 0.85)}" stroke="#6e695c" stroke-width="${fs(3)}"/>`);
  }
  for (let i = 0; i < 120; i++) {
    const u = 0.73 + rnd() * 0.26;
    const v = 0.03 + rnd() * 0.27;
    if (Math.abs(v - a.v) < a.halfV * 1.5 && u > a.u0 && u < a.u1) continue;
    const r = fs(10 + rnd() * 16);
    out.push(`<rect x="${X(u)}" y="${Y(v)}" width="${r * 2}" height="${r}" fill="#4a3f2b" stroke="#2b2418" stroke-width="${fs(3)}"/>`);
  }
}

/** De Castries' bunker and the flag over it. */
function drawBunker(s: Sketch): void {
  const { X, Y, fs, out } = s;
  // De Castries' bunker: a low mound of sandbags with a dark entrance, and the flag over it.
  const [bu, bv] = PLACES.bunker;
  const bx = Number(X(bu));
  const by = Number(Y(bv));
  const bh = fs(120);
  out.push(`<ellipse cx="${bx}" cy="${by}" rx="${bh * 1.9}" ry="${bh * 0.75}" fill="#6a5b3f" stroke="#3a301f" stroke-width="${fs(6)}"/>`);
  for (let r = 0; r < 3; r++) for (let k = -5 + r; k <= 5 - r; k++) out.push(`<ellipse cx="${bx + k * bh * 0.32}" cy="${by - r * bh * 0.28}" rx="${bh * 0.17}" ry="${bh * 0.1}" fill="#8a7a58" stroke="#4a3f2b" stroke-width="${fs(2)}"/>`);
  out.push(`<rect x="${bx - bh * 0.3}" y="${by + bh * 0.05}" width="${bh * 0.6}" height="${bh * 0.4}" fill="#1a150e"/>`);
  const [fu, fv] = PLACES.flag;
  const fx = Number(X(fu));
  const fy = Number(Y(fv));
  out.push(`<line x1="${fx}" y1="${by - bh * 0.7}" x2="${fx}" y2="${fy - bh * 0.6}" stroke="#2a2016" stroke-width="${fs(8)}"/>`);
  out.push(`<path d="M${fx},${fy - bh * 0.6}L${fx + bh * 1.3},${fy - bh * 0.45}L${fx + bh * 1.2},${fy + bh * 0.25}L${fx},${fy + bh * 0.15}Z" fill="#c8241c"/>`);
  out.push(`<polygon points="${star(fx + bh * 0.62, fy - bh * 0.12, bh * 0.22)}" fill="#f2d31b"/>`);
}

/** The place names and the section titles. */
function drawLabels(s: Sketch): void {
  const { X, Y, fs, out } = s;
  const a = PLACES.airstrip;
  const [bu, bv] = PLACES.bunker;
  const [bru] = PLACES.bridge;
  // Labels: each place in Vietnamese with the French code name, white on a dark outline.
  const label = (u: number, v: number, text: string, size = 58) =>
    out.push(`<text x="${X(u)}" y="${Y(v)}" font-family="DejaVu Sans" font-weight="bold" font-size="${fs(size)}" text-anchor="middle" fill="#ffffff" stroke="#1a1a1a" stroke-width="${fs(8)}" paint-order="stroke">${esc(text)}</text>`);
  for (const h of HILLS) label(h.centerU, h.crestV + 0.04, h.label);
  label(0.125, 0.48, 'Đường tiếp vận — the porters\u2019 road (dân công)');
  label(PLACES.guns[1]![0], PLACES.guns[1]![1] + 0.07, 'Kéo pháo — guns hauled by hand', 46);
  label(0.7, riverCentreV(0.7) - 0.045, 'Sông Nậm Rốm', 50);
  label((a.u0 + a.u1) / 2, a.v + 0.035, 'Sân bay Mường Thanh — airstrip', 50);
  label(bu, bv - 0.085, 'Hầm De Castries — command bunker', 50);
  label(bru, riverCentreV(bru) - 0.05, 'Cầu Mường Thanh', 40);
  label(0.58, 0.12, 'Giao thông hào — trenches', 44);
  // Section titles, under the banner.
  for (const sec of SECTIONS) label((sec.u0 + sec.u1) / 2, 0.86, sec.label, 64);
}

/** The PLACEHOLDER banner, every quarter round, and the dark edges. */
function drawBanner(s: Sketch): void {
  const { W, H, X, fs, out } = s;
  out.push(`<rect x="0" y="0" width="${W}" height="${fs(150)}" fill="#1b1b1b"/>`);
  for (let q = 0; q < 4; q++) {
    out.push(`<text x="${X(q / 4 + 0.125)}" y="${fs(100)}" font-family="DejaVu Sans" font-weight="bold" font-size="${fs(44)}" text-anchor="middle" fill="#ffd24a">${esc(PLACEHOLDER_TEXT)}</text>`);
  }
  out.push(`<rect x="0" y="${H - fs(24)}" width="${W}" height="${fs(24)}" fill="#1b1b1b"/>`);
}

/** Builds the SVG of the placeholder at W × H pixels. */
export function placeholderSvg(W: number): string {
  const H = Math.round(W / 6.4);
  const X = (u: number) => (u * W).toFixed(1);
  const Y = (v: number) => ((1 - v) * H).toFixed(1);
  const path = (pts: readonly UV[], close = true) => 'M' + pts.map(([u, v]) => `${X(u)},${Y(v)}`).join('L') + (close ? 'Z' : '');
  const out: string[] = [];
  const s: Sketch = { W, H, X, Y, path, fs: (px) => Math.round((px * H) / 2560), rnd: seeded(LANDSCAPE_SEED), out };
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`);
  // Back to front; the order also fixes what each layer draws from the seeded stream.
  for (const layer of [drawSky, drawValley, drawRear, drawRoad, drawGuns, drawRiver, drawHills, drawTrenches, drawCamp, drawBunker, drawLabels, drawBanner]) layer(s);
  out.push('</svg>');
  return out.join('\n');
}

function star(cx: number, cy: number, r: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 ? r * 0.4 : r;
    pts.push(`${(cx + rr * Math.cos(a)).toFixed(1)},${(cy + rr * Math.sin(a)).toFixed(1)}`);
  }
  return pts.join(' ');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opt = (name: string, def: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : def;
  };
  const cwd = process.env['INIT_CWD'] ?? process.cwd();
  const outDir = resolve(cwd, opt('out', 'assets/paintings/placeholder'));
  const width = Number(opt('width', String(DEFAULT_WIDTH_PX)));
  if (!Number.isInteger(width) || width < 1024 || width > 65_536 || width % 64 !== 0) throw new Error(`--width must be a multiple of 64 from 1024 to 65536, got ${opt('width', '')}`);
  const svg = placeholderSvg(width);
  const started = process.hrtime.bigint();
  // The placeholder goes through the same import as the real scan will: a JPEG "scan", then the tile pyramid.
  const tmp = mkdtempSync(join(tmpdir(), 'placeholder-'));
  try {
    const scan = join(tmp, 'placeholder-scan.jpg');
    const info = await sharp(Buffer.from(svg), { limitInputPixels: false, unlimited: true })
      .flatten({ background: '#000000' })
      .jpeg({ quality: 90, chromaSubsampling: '4:4:4' })
      .toFile(scan);
    const importer = resolve(import.meta.dirname, '../../host/cli/importPainting.ts');
    const r = spawnSync(process.execPath, ['--import', 'tsx', importer, scan, '--out', outDir, '--force', '--quality', '80'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`assets:import of the placeholder failed (exit ${r.status})`);
    const regions = { painting: 'paintings/placeholder/tiles.json', note: 'Named regions of the PLACEHOLDER painting, painting space u in [0, 1) round the hall, v in [0, 1] bottom to top. Redraw them on the real scan.', regions: landscapeRegions() };
    writeFileSync(resolve(outDir, 'regions.json'), JSON.stringify(regions, null, 1) + '\n');
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    process.stdout.write(`placeholder ${info.width}×${info.height} imported into ${outDir} with regions.json (${regions.regions.length} regions) in ${(ms / 1000).toFixed(1)} s\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    process.stderr.write(`assets:placeholder: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
