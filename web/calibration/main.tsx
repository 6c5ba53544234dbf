/**
 * The calibration page, `/calibration/index.html` (`npm start -- --calibrate` hands it the operator
 * token; typed by hand, `#token=TOKEN`, which the page removes from the address), for the
 * technician: the hall in 3D, test patterns on the real outputs, warp, blend and colour per
 * projector, pose from landmarks, the simulator (bump a projector, measure, one-click recalibration)
 * and the profile's versions. Locked by default (show mode): it says so, and Unlock asks the conductor.
 */
import { ConductorLink, newClientId } from '../shared/conductorLink.ts';
import { pageToken } from '../shared/pageToken.ts';
import { CalibrationApp } from './CalibrationApp.tsx';
import { createCalibrationSession } from './CalibrationSession.ts';
import { httpApiReader, httpCommandSender, type ApiReader, type CommandSender } from './conductorApi.ts';
import { createPoseStore } from './PoseStore.ts';
import { createSimulatorStore } from './SimulatorStore.ts';
import { mountPage } from '../shared/mountPage.tsx';
import { exposeForTests } from '../shared/testHooks.ts';
import './calibration.css';

// The token may arrive after the page starts (handed over by the runtime): requests wait for it.
const token = pageToken();
let tokenArrived = false;
void token.then(() => (tokenArrived = true));
const send: CommandSender = async (command) => httpCommandSender(await token)(command);
const session = createCalibrationSession(send);
const api: ApiReader = async (path) => httpApiReader(await token)(path);
const sim = createSimulatorStore(session);
const poses = createPoseStore();
// Role control: the conductor sends it the status (lock, patterns, outputs) twice a second.
const link = new ConductorLink(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`, { token, role: 'control', clientId: newClientId('calibration') }, {
  message: (m) => session.getState().onMessage(m),
  state: (st) => session.getState().setPhase(st === 'closed' || (st === 'connecting' && !tokenArrived) ? 'connecting' : st),
});
link.connect();
// Said after a moment without a token, and replaced as soon as one arrives.
setTimeout(() => !tokenArrived && session.getState().setPhase('no-token'), 3000);
addEventListener('pagehide', () => session.getState().flush());

mountPage(<CalibrationApp session={session} api={api} sim={sim} poses={poses} hall3d={new URLSearchParams(location.search).get('hall') !== '0'} />);
exposeForTests('panoramaCalibration', { session, sim, poses, link });
