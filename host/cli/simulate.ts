/**
 * npm run simulate -- --profile P [--true-profile Q] (--show S --t T | --pattern white) --out view.png --json metrics.json [--width PX]
 * Lights the wall from every projector's TRUE pose (Q, default P) showing what the calibration in P
 * renders, writes the visitor's unwrapped view, and measures coverage, white uniformity in the overlaps
 * and misregistration per blend zone.
 */
import { join, resolve } from 'node:path';
import { computeBlend } from '../../engine/core/blend/computeBlend.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { measureHall } from '../../engine/core/blend/hallMetrics.ts';
import { openPage } from '../browser/pageSession.ts';
import { findAssetRoot } from '../files/assetStore.ts';
import { loadProfile, loadShow, PROJECT_ROOT } from '../files/loadDocuments.ts';
import { writeFileAtomic } from '../files/writeFileAtomic.ts';
import { parseArgs, runCli } from './args.ts';
import { readPicture } from './pictureArgs.ts';

const USAGE = 'usage: npm run simulate -- --profile P [--true-profile Q] (--show S --t T | --pattern white) --out view.png --json metrics.json [--width PX] [--assets DIR]';
/** Misregistration above this, in painting pixels, is reported by zone. */
const REPORT_PX = 1;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), ['profile', 'true-profile', 'show', 't', 'pattern', 'out', 'json', 'width', 'assets']);
  const fail = (msg: string, code = 2) => {
    process.stderr.write(`simulate: ${msg}\n${USAGE}\n`);
    return code;
  };
  if (typeof args === 'string') return fail(args);
  const v = args.values;
  if (!v.has('profile')) return fail('missing --profile');
  if (!v.has('out') && !v.has('json')) return fail('give --out view.png and/or --json metrics.json');
  const picture = readPicture(v, 'give --show S --t T, or --pattern white');
  if (typeof picture === 'string') return fail(picture);
  const { pattern, t } = picture;
  const width = v.has('width') ? Number(v.get('width')) : 4096;
  if (!Number.isInteger(width) || width < 64 || width > 8192) return fail('--width must be a whole number of pixels from 64 to 8192');

  const profile = loadProfile(v.get('profile')!);
  if (!profile.ok) return fail(profile.lines.join('\n'), 1);
  const truth = v.has('true-profile') ? loadProfile(v.get('true-profile')!) : profile;
  if (!truth.ok) return fail(truth.lines.join('\n'), 1);
  const missing = profile.value.projectors.filter((p) => !truth.value.projectors.some((q) => q.id === p.id)).map((p) => p.id);
  if (missing.length) return fail(`${truth.file}: projectors: has no ${missing.join(', ')} (expected the same projectors as ${profile.file})`, 1);
  const show = v.has('show') ? loadShow(v.get('show')!) : null;
  if (show && !show.ok) return fail(show.lines.join('\n'), 1);

  const cwd = process.env['INIT_CWD'] ?? process.cwd();
  const inputs = [profile.file, truth.file, show?.ok ? show.file : ''];
  for (const key of ['out', 'json']) if (v.has(key) && inputs.includes(resolve(cwd, v.get(key)!))) return fail(`--${key} would overwrite an input file`, 1);

  const calibrated = new Installation(profile.value);
  const blend = computeBlend(calibrated);
  const metrics = measureHall(calibrated, blend, new Installation(truth.value));
  const report = {
    profile: profile.file,
    trueProfile: truth.file,
    pattern,
    t: pattern === 'content' ? t : null,
    coverage: metrics.coverage,
    uniformityMaxDevPct: metrics.uniformityMaxDevPct,
    misregistrationPx: metrics.misregistrationPx,
    zones: metrics.zones,
    grid: metrics.grid,
  };
  if (v.has('json')) writeFileAtomic(resolve(cwd, v.get('json')!), JSON.stringify(report, null, 2) + '\n');
  const f = (x: number, d = 2) => x.toFixed(d);
  process.stdout.write(`coverage ${f(metrics.coverage, 5)}   white uniformity in overlaps: max deviation ${f(metrics.uniformityMaxDevPct, 3)} %   misregistration max ${f(metrics.misregistrationPx.max)} px, median ${f(metrics.misregistrationPx.median)} px\n`);
  const bad = metrics.zones.filter((z) => z.misregistrationPx.max > REPORT_PX);
  if (bad.length) {
    process.stdout.write(`misregistered blend zones (> ${REPORT_PX} painting px):\n`);
    for (const z of bad) process.stdout.write(`  ${z.zone}: max ${f(z.misregistrationPx.max)} px, median ${f(z.misregistrationPx.median)} px, white uniformity ${f(z.uniformityMaxDevPct)} %\n`);
  }

  if (v.has('out')) {
    // The show's images come from --assets, else the assets folder nearest the show (as validate does).
    const assetRoot = v.has('assets') ? resolve(process.env['INIT_CWD'] ?? process.cwd(), v.get('assets')!) : show?.ok ? findAssetRoot(show.file, join(PROJECT_ROOT, 'assets')) : undefined;
    const session = await openPage('headless/index.html', assetRoot ? { assetRoot } : {});
    try {
      const result = await session.page.evaluate(
        (req) => (window as unknown as { panorama: { simulate: (r: unknown) => Promise<{ capture: { width: number; height: number; pngBase64: string }; assetProblems: string[] }> } }).panorama.simulate(req),
        { profile: JSON.parse(JSON.stringify(profile.value)), trueProfile: JSON.parse(JSON.stringify(truth.value)), show: show?.ok ? JSON.parse(JSON.stringify(show.value)) : null, t, pattern, width },
      );
      for (const p of result.assetProblems) process.stderr.write(`simulate: asset ${p} (its layers stay dark)\n`);
      const file = resolve(cwd, v.get('out')!);
      writeFileAtomic(file, Buffer.from(result.capture.pngBase64, 'base64'));
      process.stdout.write(`wrote ${file} (${result.capture.width}×${result.capture.height})\n`);
    } finally {
      await session.close();
    }
  }
  if (v.has('json')) process.stdout.write(`wrote ${resolve(cwd, v.get('json')!)}\n`);
  return 0;
}

runCli('simulate', main);
