/**
 * A conductor in its own process for the backpressure tests: `node --import tsx conductorChild.ts
 * SETTINGS_DIR LIMITS_JSON`: the demo show on a profile with a big warp grid. Prints `{"url", "token"}` as its first line, then answers each `stats`
 * line on stdin with `{"rss", "clients": clientStats(), "lines": [...]}` (after a full GC when exposed).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { largeProfile } from '../../host/profiles/largeProfile.ts';
import { shippedProfile } from './shippedDocuments.ts';
import { startConductor } from '../../host/conductor/startConductor.ts';

const [settingsDir = '', limits = '{}'] = process.argv.slice(2);
const lines: string[] = [];
// A profile with one 129 × 129 warp grid: every documents message weighs ~250 kB, as a hall's does.
const profile = join(settingsDir, 'warped.json');
writeFileSync(profile, JSON.stringify(largeProfile(shippedProfile('preview-3'), 0, 4, 4)));
const running = await startConductor({ show: 'demo', profile, port: 0, oscPort: null, settingsDir, pages: 'none', log: (_l, m) => lines.push(m), sendLimits: JSON.parse(limits) });
process.stdout.write(JSON.stringify({ url: running.url, token: running.token }) + '\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'stats') continue;
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  process.stdout.write(JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, external: m.external, clients: running.server.clientStats(), lines: lines.splice(0) }) + '\n');
}
await running.stop();
