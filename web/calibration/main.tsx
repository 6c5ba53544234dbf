/**
 * The calibration page, `/calibration/index.html#token=TOKEN` (`npm start -- --calibrate`), for the
 * technician: the hall in 3D, test patterns on the real outputs, warp, blend and colour per
 * projector, pose from landmarks, the simulator (bump a projector, measure, one-click recalibration)
 * and the profile's versions. Locked by default (show mode): it says so, and Unlock asks the conductor.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConductorLink, newClientId, tokenFromHash } from '../shared/conductorLink.ts';
import { CalibrationApp } from './CalibrationApp.tsx';
import { CalibrationSession } from './CalibrationSession.ts';
import { httpApiReader, httpCommandSender } from './conductorApi.ts';
import { PoseStore } from './PosePanel.tsx';
import { SimulatorStore } from './SimulatorStore.ts';
import './calibration.css';

const token = tokenFromHash();
const session = new CalibrationSession(httpCommandSender(token));
const api = httpApiReader(token);
const sim = new SimulatorStore(session);
const poses = new PoseStore();
// Role control: the conductor sends it the status (lock, patterns, outputs) twice a second.
const link = new ConductorLink(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`, { token: token || '-', role: 'control', clientId: newClientId('calibration') }, {
  message: (m) => session.onMessage(m),
  state: (st) => session.setPhase(token === '' ? 'no-token' : st === 'closed' ? 'connecting' : st),
});
if (token === '') session.setPhase('no-token');
else link.connect();
addEventListener('pagehide', () => session.flush());

const root = document.getElementById('root');
if (!root) throw new Error('calibration page: #root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <CalibrationApp session={session} api={api} sim={sim} poses={poses} hall3d={new URLSearchParams(location.search).get('hall') !== '0'} />
  </StrictMode>,
);
Object.assign(window, { panoramaCalibration: { session, sim, poses, link } });
