/**
 * npm run map -- --profile P --projector ID --px X,Y   → {"u","v","world":[x,y,z],"onWall"}
 * npm run map -- --profile P --uv U,V                  → every projector pixel that shows that point
 * A technician's probe of the calibrated geometry.
 */
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { loadProfile } from '../files/loadDocuments.ts';
import { parseArgs, parsePair } from './args.ts';

const USAGE = 'usage: npm run map -- --profile P (--projector ID --px X,Y | --uv U,V)';

function main(): number {
  const args = parseArgs(process.argv.slice(2), ['profile', 'projector', 'px', 'uv']);
  if (typeof args === 'string' || !args.values.has('profile') || args.rest.length > 0) {
    process.stderr.write(`map: ${typeof args === 'string' ? args : 'missing --profile'}\n${USAGE}\n`);
    return 2;
  }
  const profile = loadProfile(args.values.get('profile')!);
  if (!profile.ok) {
    process.stderr.write(profile.lines.join('\n') + '\n');
    return 1;
  }
  const inst = new Installation(profile.value);
  const round = (x: number) => Math.round(x * 1e9) / 1e9;
  if (args.values.has('uv')) {
    const uv = parsePair(args.values.get('uv'));
    if (!uv) {
      process.stderr.write(`map: --uv takes U,V (painting coordinates, like 0.25,0.5)\n${USAGE}\n`);
      return 2;
    }
    const hits = inst.uvToPixels(uv[0], uv[1]).map((h) => ({ projector: h.projectorId, x: round(h.x), y: round(h.y) }));
    process.stdout.write(JSON.stringify({ u: uv[0], v: uv[1], world: inst.surface.pointAt(uv[0], uv[1]).map(round), pixels: hits }) + '\n');
    return 0;
  }
  const id = args.values.get('projector');
  const px = parsePair(args.values.get('px'));
  if (id === undefined || px === null) {
    process.stderr.write(`map: give --projector ID --px X,Y, or --uv U,V\n${USAGE}\n`);
    return 2;
  }
  const p = inst.projectors.find((q) => q.id === id);
  if (!p) {
    process.stderr.write(`map: ${profile.file}: projectors: no projector "${id}" (expected one of ${inst.projectors.map((q) => q.id).join(', ')})\n`);
    return 1;
  }
  const hit = inst.pixelToWall(p, px[0], px[1]);
  if (hit === null) {
    process.stdout.write(JSON.stringify({ u: null, v: null, world: null, onWall: false }) + '\n');
    return 0;
  }
  process.stdout.write(JSON.stringify({ u: round(hit.u), v: round(hit.v), world: hit.point.map(round), onWall: hit.onWall }) + '\n');
  return 0;
}

process.exitCode = main();
