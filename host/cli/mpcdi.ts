/**
 * VESA MPCDI v2 files for a profile (README "MPCDI"):
 *   npm run mpcdi -- export --profile P --kind 2d|a3 --out X.mpcdi [--grid-step PX] [--alpha-scale N]
 *   npm run mpcdi -- import FILE.mpcdi --profile BASE --out NEW.json [--warp forward|inverse|auto]
 *   npm run mpcdi -- inspect FILE.mpcdi
 * Errors: one line naming the file and what is wrong, exit 1 (usage: exit 2).
 */
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { computeBlend } from '../../engine/core/blend/computeBlend.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { MpcdiError, type MpcdiWarning } from '../../calibration/mpcdi/MpcdiDocument.ts';
import { mpcdiToProfile } from '../../calibration/mpcdi/mpcdiToProfile.ts';
import { profileToMpcdi } from '../../calibration/mpcdi/profileToMpcdi.ts';
import { readMpcdi } from '../../calibration/mpcdi/readMpcdi.ts';
import type { WarpDirection } from '../../calibration/mpcdi/warpDirection.ts';
import { writeMpcdi } from '../../calibration/mpcdi/writeMpcdi.ts';
import { loadProfile } from '../files/loadDocuments.ts';
import { writeFileAtomic } from '../files/writeFileAtomic.ts';
import { parseArgs, runCli } from './args.ts';

const USAGE = [
  'usage: npm run mpcdi -- export --profile P --kind 2d|a3 --out X.mpcdi [--grid-step PX] [--alpha-scale N]',
  '       npm run mpcdi -- import FILE.mpcdi --profile BASE --out NEW.json [--warp forward|inverse|auto]',
  '       npm run mpcdi -- inspect FILE.mpcdi',
].join('\n');

const cwd = process.env['INIT_CWD'] ?? process.cwd();
const say = (s: string) => process.stdout.write(s + '\n');
const fail = (s: string) => process.stderr.write(s + '\n');
const usage = (why: string) => {
  fail(`mpcdi: ${why}\n${USAGE}`);
  return 2;
};
const fmt = (v: number) => (v === 0 ? '0' : v < 0.001 ? v.toExponential(1) : v.toFixed(3));

function printWarnings(file: string, warnings: readonly MpcdiWarning[]): void {
  for (const w of warnings) say(`${file}: warning: ${w.message}`);
}

/** Reads an .mpcdi file; a refusal becomes one line naming the file (and the file inside it). */
function readFile(path: string, direction: WarpDirection): ReturnType<typeof readMpcdi> | null {
  if (!existsSync(path) || !statSync(path).isFile()) {
    fail(`${path}: no such file`);
    return null;
  }
  try {
    return readMpcdi(new Uint8Array(readFileSync(path)), { warpDirection: direction });
  } catch (err) {
    if (err instanceof MpcdiError) {
      fail(`${path}: ${err.message}`);
      return null;
    }
    throw err;
  }
}

function exportCmd(v: ReadonlyMap<string, string>): number {
  const kind = v.get('kind');
  if (!v.has('profile') || !v.has('out')) return usage('export needs --profile and --out');
  if (kind !== '2d' && kind !== 'a3') return usage(`--kind is "${kind ?? ''}" (expected 2d or a3)`);
  const step = Number(v.get('grid-step') ?? 16);
  const scale = Number(v.get('alpha-scale') ?? 4);
  if (!Number.isInteger(step) || step < 1 || step > 1024) return usage('--grid-step takes whole pixels from 1 to 1024');
  if (!Number.isInteger(scale) || scale < 1 || scale > 64) return usage('--alpha-scale takes a whole number from 1 to 64');
  const loaded = loadProfile(v.get('profile')!);
  if (!loaded.ok) {
    fail(loaded.lines.join('\n'));
    return 1;
  }
  const out = resolve(cwd, v.get('out')!);
  const blend = computeBlend(new Installation(loaded.value));
  const { document, warnings } = profileToMpcdi(loaded.value, blend, { kind, gridStepPx: step, alphaScale: scale });
  const bytes = writeMpcdi(document, { date: new Date().toISOString().replace('T', ' ').slice(0, 19) });
  writeFileAtomic(out, bytes);
  printWarnings(loaded.file, warnings);
  say(`${out}: MPCDI ${kind}, ${document.regions.length} regions (${document.regions.map((r) => `${r.id} ${r.warp.cols}×${r.warp.rows}`).join(', ')}), ${(bytes.length / 1024).toFixed(0)} KiB`);
  return 0;
}

function inspectCmd(file: string): number {
  const path = resolve(cwd, file);
  const r = readFile(path, 'auto');
  if (!r) return 1;
  const d = r.document;
  say(`${path}: MPCDI ${d.version || '?'} profile ${d.profile}, geometry level ${d.geometryLevel}, colour level ${d.colorLevel ?? 'TBD'}${d.date ? `, dated ${d.date}` : ''}`);
  for (const b of d.buffers) say(`  buffer ${b.id}: ${b.xResolution} × ${b.yResolution}`);
  for (const g of d.regions) {
    let nan = 0;
    for (let k = 0; k < g.warp.cols * g.warp.rows; k++) if (!Number.isFinite(g.warp.data[k * 3]!)) nan++;
    const parts = [
      `region ${g.id}: ${g.xResolution} × ${g.yResolution} px at x ${fmt(g.x)} y ${fmt(g.y)} size ${fmt(g.xSize)} × ${fmt(g.ySize)} of buffer ${g.bufferId}`,
      `warp ${g.warp.cols} × ${g.warp.rows}${nan ? ` (${nan} NaN)` : ''}${g.geometricUnit ? ` in ${g.geometricUnit}` : ''}`,
      g.alpha ? `alpha ${g.alpha.width} × ${g.alpha.height} ${g.alpha.bitDepth}-bit, gamma ${g.alphaGamma}` : 'no alpha',
      g.beta ? `beta ${g.beta.width} × ${g.beta.height}` : 'no beta',
    ];
    if (g.frustum) parts.push(`frustum yaw ${fmt(g.frustum.yawDeg)}° pitch ${fmt(g.frustum.pitchDeg)}° roll ${fmt(g.frustum.rollDeg)}°`);
    say('  ' + parts.join(', '));
  }
  printWarnings(path, r.warnings);
  return 0;
}

function importCmd(file: string, v: ReadonlyMap<string, string>): number {
  if (!v.has('profile') || !v.has('out')) return usage('import needs --profile BASE and --out NEW.json');
  const warp = (v.get('warp') ?? 'auto') as WarpDirection;
  if (!['forward', 'inverse', 'auto'].includes(warp)) return usage(`--warp is "${warp}" (expected forward, inverse or auto)`);
  const path = resolve(cwd, file);
  const loaded = loadProfile(v.get('profile')!);
  if (!loaded.ok) {
    fail(loaded.lines.join('\n'));
    return 1;
  }
  const r = readFile(path, warp);
  if (!r) return 1;
  printWarnings(path, r.warnings);
  let result;
  try {
    result = mpcdiToProfile(r.document, loaded.value);
  } catch (err) {
    fail(`${path}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  printWarnings(path, result.warnings);
  for (const f of result.regions) {
    say(`${f.projectorId} ← region ${f.regionId} (by ${f.matchedBy}): ${f.samples} samples, pose RMS ${fmt(f.poseRmsPx)} px, fit RMS ${fmt(f.rmsPx)} px, max ${fmt(f.maxPx)} px, ${f.warpGrid ? `fine warp ${f.warpGrid.cols} × ${f.warpGrid.rows}` : 'no fine warp'}${f.gamma !== null ? `, blend gamma ${f.gamma}` : ''}`);
  }
  const out = resolve(cwd, v.get('out')!);
  if (out === resolve(loaded.file)) {
    copyFileSync(loaded.file, `${loaded.file}.bak`);
    say(`${loaded.file}: the previous profile is kept as ${loaded.file}.bak`);
  }
  writeFileAtomic(out, JSON.stringify(result.profile, null, 2) + '\n');
  say(`${out}: profile ${result.profile.id} with ${result.regions.length} of ${result.profile.projectors.length} projectors from ${path}`);
  return 0;
}

runCli('mpcdi', async () => {
  const args = parseArgs(process.argv.slice(2), ['profile', 'kind', 'out', 'warp', 'grid-step', 'alpha-scale']);
  if (typeof args === 'string') return usage(args);
  const [cmd, ...rest] = args.rest;
  if (cmd === 'export') return rest.length > 0 ? usage(`unexpected ${rest.join(' ')}`) : exportCmd(args.values);
  if (cmd === 'inspect') return rest.length !== 1 ? usage('inspect takes one FILE.mpcdi') : inspectCmd(rest[0]!);
  if (cmd === 'import') return rest.length !== 1 ? usage('import takes one FILE.mpcdi') : importCmd(rest[0]!, args.values);
  return usage(cmd === undefined ? 'give a command: export, import or inspect' : `unknown command "${cmd}"`);
});
