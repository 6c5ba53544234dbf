/**
 * The virtual visit, `/visit/index.html#token=TOKEN` (the visitor link `npm start` prints; opened by
 * `npm start -- --visit`, which hands the token over instead): the show in the simulated hall, seen
 * from the visitor platform. Follows the conductor's showing (role "monitor"; with a visitor token
 * its controls are off, with a reason), or, with `?mode=local` or its button, previews the
 * conductor's documents on its own transport (artists, and visitors exploring the chapters). Address
 * options: `?maxFps=30`, `?projectorPx=320` (simulated projector size), `?wallPx=1536` (simulated wall
 * width), `?contentScale=0.5` (content texels per simulated projector pixel), `?az=` / `?el=` / `?fov=`
 * (initial view, degrees).
 */
import { z } from 'zod';
import type { Role } from '../../engine/core/protocol/commands.ts';
import { ConductorLink, localEpochS, newClientId } from '../shared/conductorLink.ts';
import { pageToken } from '../shared/pageToken.ts';
import type { FrameInfo } from './HallScene.tsx';
import { VisitApp, type VisitSettings } from './VisitApp.tsx';
import { createVisitSession, type CommandSender } from './VisitSession.ts';
import { mountPage } from '../shared/mountPage.tsx';
import { exposeForTests } from '../shared/testHooks.ts';
import './visit.css';

const q = new URLSearchParams(location.search);
const num = (name: string, fallback: number, lo: number, hi: number): number => {
  const raw = q.get(name);
  const v = raw === null || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : fallback;
};
const optional = (name: string): number | undefined => {
  const v = Number(q.get(name) ?? 'x');
  return q.has(name) && Number.isFinite(v) ? v : undefined;
};

const mode = q.get('mode') === 'local' ? 'local' : 'follow';
const token = pageToken();
const view = { azimuthDeg: optional('az'), elevationDeg: optional('el'), fovDeg: optional('fov') };
const settings: VisitSettings = {
  maxFps: num('maxFps', 30, 1, 120),
  wall: { projectorPx: num('projectorPx', 320, 64, 4096), wallPx: num('wallPx', 1536, 256, 8192), contentScale: num('contentScale', 0.5, 0.1, 2) },
  view: Object.fromEntries(Object.entries(view).filter(([, v]) => v !== undefined)),
};

const AnswerSchema = z.object({ ok: z.boolean(), message: z.string().max(2000) });
const sendCommand: CommandSender = async (command) => {
  const res = await fetch('/api/command', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await token}` }, body: JSON.stringify(command) });
  const answer = AnswerSchema.safeParse(await res.json().catch(() => null));
  return answer.success ? answer.data : { ok: false, message: `the conductor answered HTTP ${res.status}` };
};

const session = createVisitSession(mode, localEpochS, sendCommand);
const link = new ConductorLink(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`, { token, role: 'monitor', clientId: newClientId('visit') }, {
  message: (m) => session.getState().onMessage(m),
  state: (s) => session.getState().setLink(s),
});
link.connect();
// Which controls this visit may use: the conductor says what the token's role is.
const AccessSchema = z.object({ role: z.enum(['operator', 'viewer']) satisfies z.ZodType<Role> });
void token
  .then((t) => fetch('/api/access', { headers: { Authorization: `Bearer ${t}` } }))
  .then((res) => res.json())
  .then((body: unknown) => {
    const a = AccessSchema.safeParse(body);
    if (a.success) session.getState().setRole(a.data.role);
  })
  .catch(() => undefined);
// Follow mode reads the conductor's epoch through the link's clock estimate; local mode its own clock.
const epochNow = () => (session.getState().mode === 'follow' ? link.toConductor(localEpochS()) : localEpochS());

/** Frame measurements for the status of a headless run (npm run bench -- visit): the last 600 frames. */
const stats = { frames: 0, firstFrameMs: null as number | null, cpuMs: [] as number[], atMs: [] as number[], lastShowS: null as number | null };
const onFrame = (f: FrameInfo) => {
  stats.frames++;
  stats.firstFrameMs ??= f.atMs;
  stats.cpuMs.push(f.cpuMs);
  stats.atMs.push(f.atMs);
  if (stats.cpuMs.length > 600) {
    stats.cpuMs.shift();
    stats.atMs.shift();
  }
  stats.lastShowS = f.showS;
};

mountPage(<VisitApp session={session} epochNow={epochNow} settings={settings} onFrame={onFrame} />);
exposeForTests('panoramaVisit', { session, link, settings, stats });
