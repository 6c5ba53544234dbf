/**
 * npm run render -- --profile P [--show S] [--t SECONDS] (--projector ID | --all) --out PATH [--pattern NAME]
 * Renders, in headless Chromium, exactly the image each projector would emit (PNG at its resolution).
 * With --all, PATH is a folder (one ID.png each) or a name containing {id}.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openPage } from '../browser/pageSession.ts';
import { findAssetRoot } from '../files/assetStore.ts';
import { loadProfile, loadShow, PROJECT_ROOT } from '../files/loadDocuments.ts';
import { writeFileAtomic } from '../files/writeFileAtomic.ts';
import { PATTERNS } from '../../engine/render/output/outputShader.ts';
import { parseArgs, runCli } from './args.ts';
import { readPicture } from './pictureArgs.ts';

const USAGE = `usage: npm run render -- --profile P [--show S --t SECONDS] (--projector ID | --all) --out PATH [--pattern ${Object.keys(PATTERNS).join('|')}] [--assets DIR]`;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), ['profile', 'show', 't', 'projector', 'out', 'pattern', 'assets'], ['all']);
  const fail = (msg: string, code = 2) => {
    process.stderr.write(`render: ${msg}\n${USAGE}\n`);
    return code;
  };
  if (typeof args === 'string') return fail(args);
  const v = args.values;
  if (!v.has('profile')) return fail('missing --profile');
  if (!v.has('out')) return fail('missing --out');
  if (v.has('projector') === args.flags.has('all')) return fail('give exactly one of --projector ID or --all');
  const picture = readPicture(v, 'give --show S (or a --pattern)');
  if (typeof picture === 'string') return fail(picture);
  const { pattern, t } = picture;

  const profile = loadProfile(v.get('profile')!);
  if (!profile.ok) return fail(profile.lines.join('\n'), 1);
  const show = v.has('show') ? loadShow(v.get('show')!) : null;
  if (show && !show.ok) return fail(show.lines.join('\n'), 1);
  if (show?.ok && t > show.value.durationS) return fail(`--t ${t} is after the end of the show (${show.value.durationS} s)`);
  const ids = args.flags.has('all') ? profile.value.projectors.map((p) => p.id) : [v.get('projector')!];
  const unknown = ids.filter((id) => !profile.value.projectors.some((p) => p.id === id));
  if (unknown.length) return fail(`${profile.file}: projectors: no projector "${unknown[0]}" (expected one of ${profile.value.projectors.map((p) => p.id).join(', ')})`, 1);

  const cwd = process.env['INIT_CWD'] ?? process.cwd();
  const out = resolve(cwd, v.get('out')!);
  const inputs = [profile.file, show?.ok ? show.file : ''];
  const target = (id: string) => {
    if (!args.flags.has('all')) return out;
    if (out.includes('{id}')) return out.replaceAll('{id}', id);
    return join(out, `${id}.png`);
  };
  if (args.flags.has('all') && !out.includes('{id}') && existsSync(out) && !statSync(out).isDirectory()) return fail(`--out ${out} is a file; with --all give a folder or a name with {id}`);
  for (const id of ids) if (inputs.includes(target(id))) return fail(`--out would overwrite the input ${target(id)}`, 1);

  // The show's images come from --assets, else the assets folder nearest the show (as validate does).
  const assetRoot = v.has('assets') ? resolve(cwd, v.get('assets')!) : show?.ok ? findAssetRoot(show.file, join(PROJECT_ROOT, 'assets')) : undefined;
  const session = await openPage('headless/index.html', assetRoot ? { assetRoot } : {});
  try {
    const result = await session.page.evaluate(
      (req) => (window as unknown as { panorama: { renderProjectors: (r: unknown) => Promise<{ captures: { id: string; width: number; height: number; pngBase64: string; maxTexturePx: number }[]; assetProblems: string[]; pyramids: { src: string; level: { level: number; width: number; height: number }; tilesLoaded: number; tilesInLevel: number }[] }> } }).panorama.renderProjectors(req),
      { profile: JSON.parse(JSON.stringify(profile.value)), show: show?.ok ? JSON.parse(JSON.stringify(show.value)) : null, t, pattern, projectorIds: ids },
    );
    for (const p of result.assetProblems) process.stderr.write(`render: asset ${p} (its layers stay dark)\n`);
    for (const p of result.pyramids) process.stdout.write(`painting ${p.src}: level ${p.level.level} (${p.level.width} × ${p.level.height} px), ${p.tilesLoaded} of its ${p.tilesInLevel} tiles\n`);
    for (const c of result.captures) {
      const file = target(c.id);
      writeFileAtomic(file, Buffer.from(c.pngBase64, 'base64'));
      process.stdout.write(`wrote ${file} (${c.id}, ${c.width}×${c.height}, largest texture ${c.maxTexturePx} px)\n`);
    }
  } finally {
    await session.close();
  }
  return 0;
}

runCli('render', main);
