/**
 * npm run recalibrate -- --profile P (--simulate-bump SPEC | --true-profile Q) [--projector ID[,ID…]] [--out NEW.json] [--json REPORT.json] [--camera-px N] [--seed N]
 * One-click recalibration from the command line, on the simulated camera (a real webcam works through
 * the calibration page): the "true" hall is P with the bumps of SPEC (or profile Q); a camera on the
 * platform photographs each projector's Gray-code sequence, and the calibration is solved again.
 * Prints, per projector and per blend zone, the misregistration before and after, and the time taken.
 */
import { resolve } from 'node:path';
import type { Profile, ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import { ProfileSchema } from '../../engine/core/profile/profileSchema.ts';
import { recalibrateHall, type ProjectorRecalibration } from '../../calibration/structured/recalibrate.ts';
import { aimCameraAt, SimulatedCamera } from '../../calibration/structured/SimulatedCamera.ts';
import { loadProfile } from '../files/loadDocuments.ts';
import { writeFileAtomic } from '../files/writeFileAtomic.ts';
import { parseArgs, runCli } from './args.ts';

const USAGE =
  'usage: npm run recalibrate -- --profile P (--simulate-bump P03:yaw=1,pitch=0.5[;P05:roll=0.2] | --simulate-bump none | --true-profile Q) [--projector ID[,ID…]] [--out NEW.json] [--json REPORT.json] [--camera-px 1280] [--seed 1]';

/** The pose changes a bump spec may name: degrees for angles, metres for x/y/z. */
const BUMP_KEYS = ['yaw', 'pitch', 'roll', 'x', 'y', 'z'] as const;

/** Parses "P03:yaw=1,pitch=0.5;P05:x=0.01" into pose changes per projector, or a message. */
function parseBumpSpec(spec: string, profile: Profile): Map<string, Partial<Record<(typeof BUMP_KEYS)[number], number>>> | string {
  const out = new Map<string, Partial<Record<(typeof BUMP_KEYS)[number], number>>>();
  if (spec.trim() === 'none') return out;
  for (const part of spec.split(';').filter((s) => s.trim() !== '')) {
    const m = /^\s*([^:\s]+)\s*:(.*)$/.exec(part);
    if (!m) return `--simulate-bump: "${part}" is not PROJECTOR:key=value,… (keys ${BUMP_KEYS.join(', ')})`;
    const id = m[1]!;
    if (!profile.projectors.some((p) => p.id === id)) return `--simulate-bump: no projector "${id}" in the profile (projectors: ${profile.projectors.map((p) => p.id).join(', ')})`;
    const change: Partial<Record<(typeof BUMP_KEYS)[number], number>> = {};
    for (const kv of m[2]!.split(',')) {
      const [k, v] = kv.split('=').map((s) => s.trim());
      const value = v === undefined || v === '' ? NaN : Number(v);
      if (!(BUMP_KEYS as readonly string[]).includes(k ?? '')) return `--simulate-bump: unknown key "${k}" for ${id} (keys ${BUMP_KEYS.join(', ')}: degrees for yaw/pitch/roll, metres for x/y/z)`;
      if (!Number.isFinite(value)) return `--simulate-bump: ${id} ${k} needs a number, got "${v ?? ''}"`;
      change[k as (typeof BUMP_KEYS)[number]] = value;
    }
    out.set(id, change);
  }
  return out;
}

/** The profile with the bumps applied to the projectors' poses. */
function applyBumps(profile: Profile, bumps: ReadonlyMap<string, Partial<Record<(typeof BUMP_KEYS)[number], number>>>): Profile {
  const bumped = (p: ProjectorConfig): ProjectorConfig => {
    const b = bumps.get(p.id);
    if (!b) return p;
    const [x, y, z] = p.pose.positionM;
    return {
      ...p,
      pose: {
        positionM: [x + (b.x ?? 0), y + (b.y ?? 0), z + (b.z ?? 0)],
        yawDeg: p.pose.yawDeg + (b.yaw ?? 0),
        pitchDeg: p.pose.pitchDeg + (b.pitch ?? 0),
        rollDeg: p.pose.rollDeg + (b.roll ?? 0),
      },
    };
  };
  return { ...profile, projectors: profile.projectors.map(bumped) };
}

/** Prints a message and the usage on stderr; returns the exit code. */
function fail(msg: string, code = 2): number {
  process.stderr.write(`recalibrate: ${msg}\n${USAGE}\n`);
  return code;
}

/** What to recalibrate, read from the command line and the profiles. */
interface Job {
  readonly v: ReadonlyMap<string, string>;
  readonly loaded: { readonly file: string; readonly value: Profile };
  readonly truth: Profile;
  readonly ids: readonly string[];
  readonly cameraPx: number;
  readonly seed: number;
  readonly cwd: string;
}

/** The hall as it really is: the true profile, or the calibrated one with the bumps of --simulate-bump. */
function readTruth(v: ReadonlyMap<string, string>, loaded: Job['loaded']): Profile | number {
  const calibrated = loaded.value;
  if (v.has('true-profile')) {
    const t = loadProfile(v.get('true-profile')!);
    if (!t.ok) return fail(t.lines.join('\n'), 1);
    const missing = calibrated.projectors.filter((p) => !t.value.projectors.some((q) => q.id === p.id)).map((p) => p.id);
    if (missing.length) return fail(`${t.file}: projectors: has no ${missing.join(', ')} (expected the same projectors as ${loaded.file})`, 1);
    return t.value;
  }
  const bumps = parseBumpSpec(v.get('simulate-bump')!, calibrated);
  if (typeof bumps === 'string') return fail(bumps);
  return applyBumps(calibrated, bumps);
}

/** Reads and checks the command line and loads the profiles; an exit code when something is wrong. */
function readJob(argv: readonly string[]): Job | number {
  const args = parseArgs(argv, ['profile', 'simulate-bump', 'true-profile', 'projector', 'out', 'json', 'camera-px', 'seed']);
  if (typeof args === 'string') return fail(args);
  const v = args.values;
  if (!v.has('profile')) return fail('missing --profile');
  if (v.has('simulate-bump') === v.has('true-profile')) {
    return fail('give --simulate-bump SPEC (or none) or --true-profile Q: from the command line the camera is simulated (a real camera works through the calibration page)');
  }
  const cameraPx = v.has('camera-px') ? Number(v.get('camera-px')) : 1280;
  if (!Number.isInteger(cameraPx) || cameraPx < 160 || cameraPx > 8192) return fail(`--camera-px must be a whole number of pixels from 160 to 8192, got "${v.get('camera-px')}"`);
  const seed = v.has('seed') ? Number(v.get('seed')) : 1;
  if (!Number.isInteger(seed) || seed < 0) return fail(`--seed must be a whole number ≥ 0, got "${v.get('seed')}"`);

  const loaded = loadProfile(v.get('profile')!);
  if (!loaded.ok) return fail(loaded.lines.join('\n'), 1);
  const calibrated = loaded.value;
  const truth = readTruth(v, loaded);
  if (typeof truth === 'number') return truth;
  const ids = v.has('projector') ? v.get('projector')!.split(',').map((s) => s.trim()).filter(Boolean) : calibrated.projectors.map((p) => p.id);
  const unknown = ids.filter((id) => !calibrated.projectors.some((p) => p.id === id));
  if (unknown.length) return fail(`--projector: no ${unknown.map((u) => `"${u}"`).join(', ')} in ${loaded.file} (projectors: ${calibrated.projectors.map((p) => p.id).join(', ')})`);
  const cwd = process.env['INIT_CWD'] ?? process.cwd();
  for (const key of ['out', 'json']) {
    if (v.has(key) && resolve(cwd, v.get(key)!) === loaded.file) return fail(`--${key} would overwrite the input profile ${loaded.file} (write a new file; save versions through the calibration page)`, 1);
  }
  return { v, loaded, truth, ids, cameraPx, seed, cwd };
}

const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : String(x));
const sign = (x: number, d = 3) => `${x >= 0 ? '+' : ''}${x.toFixed(d)}`;

/** Recalibrates on the simulated camera, one line per projector as each is done; the seconds each took. */
async function recalibrate(job: Job) {
  const { loaded, truth, ids, cameraPx, seed } = job;
  const calibrated = loaded.value;
  const started = performance.now();
  let last = started;
  const times = new Map<string, number>();
  process.stdout.write(`recalibrating ${ids.join(', ')} of ${loaded.file} (simulated ${cameraPx}-px camera on the platform, seed ${seed})\n`);
  const result = await recalibrateHall(
    (id, camera) => new SimulatedCamera(camera, truth, { seed }).capturer(id),
    calibrated,
    (id) => aimCameraAt(calibrated, id, { longSidePx: cameraPx }),
    {
      projectorIds: [...ids],
      truth,
      onProjector: (r: ProjectorRecalibration) => {
        const now = performance.now();
        times.set(r.projectorId, (now - last) / 1000);
        last = now;
        const c = r.poseChange;
        process.stdout.write(
          `  ${r.projectorId}: measured shift ${f(r.measuredShiftBeforePx)} px → ${f(r.measuredShiftAfterPx)} px (median; p95 ${f(r.measuredShiftBeforeP95Px)} → ${f(r.measuredShiftAfterP95Px)})` +
            `, ${r.applied ? 'applied' : 'within the camera noise: kept as it was'}; pose yaw ${sign(c.yawDeg)}° pitch ${sign(c.pitchDeg)}° roll ${sign(c.rollDeg)}° moved ${f(c.positionM * 1000, 1)} mm` +
            `, pose RMS ${f(r.poseRmsPx)} px, warp max ${f(r.warpMaxPx)} px, ${r.correspondences} correspondences, ${f(r.decodedFraction * 100, 1)} % decoded, ${f(times.get(r.projectorId)!, 1)} s\n`,
        );
        for (const w of r.warnings) process.stdout.write(`    warning: ${w}\n`);
      },
    },
  );
  return { result, times, totalS: (performance.now() - started) / 1000 };
}

type Recalibrated = Awaited<ReturnType<typeof recalibrate>>;

/** Each blend zone's true misregistration (measureHall) before and after. */
function truthByZone(result: Recalibrated['result']) {
  return {
    before: new Map(result.truthBefore!.zones.map((z) => [z.zone, z.misregistrationPx])),
    after: new Map(result.truthAfter!.zones.map((z) => [z.zone, z.misregistrationPx])),
  };
}

/** Prints each blend zone's misregistration before and after, and the whole hall's. */
function printZones(job: Job, { result, totalS }: Recalibrated): void {
  process.stdout.write('blend zones, misregistration in painting px (camera-measured median / p95 / max; truth max by measureHall):\n');
  const { before, after } = truthByZone(result);
  for (const z of result.zones) {
    process.stdout.write(
      `  ${z.zone}: camera ${f(z.before.median)} / ${f(z.before.p95)} / ${f(z.before.max)} → ${f(z.after.median)} / ${f(z.after.p95)} / ${f(z.after.max)}` +
        `; truth ${f(before.get(z.zone)?.max ?? NaN)} → ${f(after.get(z.zone)?.max ?? NaN)}${z.measuredOn === 'one' ? ' (one side measured)' : ''}\n`,
    );
  }
  process.stdout.write(`whole hall (truth): misregistration max ${f(result.truthBefore!.misregistrationPx.max)} → ${f(result.truthAfter!.misregistrationPx.max)} painting px; ${f(totalS, 1)} s for ${job.ids.length} projector(s), ${f(totalS / job.ids.length, 1)} s each\n`);
}

/** Writes --out (the new profile, validated) and --json (the report); an exit code. */
function writeOutputs(job: Job, { result, times, totalS }: Recalibrated): number {
  const { v, cwd, loaded } = job;
  if (v.has('out')) {
    const checked = ProfileSchema.safeParse(result.profile);
    if (!checked.success) return fail(`the recalibrated profile does not validate: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 1);
    const file = resolve(cwd, v.get('out')!);
    writeFileAtomic(file, JSON.stringify(result.profile, null, 2) + '\n');
    process.stdout.write(`wrote ${file}\n`);
  }
  if (v.has('json')) {
    const { before, after } = truthByZone(result);
    const file = resolve(cwd, v.get('json')!);
    const report = {
      profile: loaded.file,
      projectors: result.projectors.map((r) => ({ ...r, seconds: times.get(r.projectorId) })),
      zones: result.zones.map((z) => ({ ...z, truthBeforeMaxPx: before.get(z.zone)?.max ?? null, truthAfterMaxPx: after.get(z.zone)?.max ?? null })),
      truthBefore: result.truthBefore!.misregistrationPx,
      truthAfter: result.truthAfter!.misregistrationPx,
      seconds: totalS,
    };
    writeFileAtomic(file, JSON.stringify(report, null, 2) + '\n');
    process.stdout.write(`wrote ${file}\n`);
  }
  return 0;
}

async function main(): Promise<number> {
  const job = readJob(process.argv.slice(2));
  if (typeof job === 'number') return job;
  const done = await recalibrate(job);
  printZones(job, done);
  return writeOutputs(job, done);
}

runCli('recalibrate', main);
