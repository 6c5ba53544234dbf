/** A conductor and a Chromium runtime as the e2e tests of the runtime start them: small outputs, one browser. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findChromium } from '../../host/browser/findChromium.ts';
import { startConductor } from '../../host/conductor/startConductor.ts';
import { ChromiumRuntime, machineChromiumFlags } from '../../host/runtime/ChromiumRuntime.ts';

const root = resolve(import.meta.dirname, '../..');

/**
 * The demo show on preview-3 with every projector at 320 × 200 (quick on a software GPU), each
 * projector passed through `edit`, the profile named `profileId` and written to `dir`/small.json;
 * a conductor on a free port without OSC, its settings in `dir`.
 */
export async function startSmallConductor(dir: string, profileId: string, edit: (projector: Record<string, unknown>) => void = () => {}) {
  const p = JSON.parse(readFileSync(join(root, 'calibration/profiles/preview-3.json'), 'utf8'));
  for (const pr of p.projectors) {
    pr.resolution = { width: 320, height: 200 };
    edit(pr);
  }
  p.id = profileId;
  writeFileSync(join(dir, 'small.json'), JSON.stringify(p));
  return startConductor({ show: 'demo', profile: join(dir, 'small.json'), port: 0, oscPort: null, settingsDir: dir, log: () => {} });
}

/** The machine's Chromium as the runtime npm start uses, its profiles under `dir`/chromium, its reports pushed to `reports`. */
export function chromiumRuntime(dir: string, reports: string[], options: { headless?: boolean } = {}): ChromiumRuntime {
  const found = findChromium();
  if (!found.ok) throw new Error(found.message);
  return new ChromiumRuntime(found.path, machineChromiumFlags().args, (level, m) => reports.push(`${level}: ${m}`), { profileRoot: join(dir, 'chromium'), ...options });
}
