import { useState } from 'react';
import type { ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import type { ProjectorPatch } from '../../engine/core/protocol/commands.ts';
import { AdjustPanel } from './AdjustPanel.tsx';
import type { CalibrationSession, SessionState } from './CalibrationSession.ts';
import type { ApiReader } from './conductorApi.ts';
import { PoseAdjust } from './PoseAdjust.tsx';
import { PosePanel } from './PosePanel.tsx';
import type { PoseStore } from './PoseStore.ts';
import { ProfilePanel } from './ProfilePanel.tsx';
import { SimulatorPanel } from './SimulatorPanel.tsx';
import type { SimulatorStore } from './SimulatorStore.ts';
import { WarpPanel } from './WarpPanel.tsx';

/** The tabs of the selected projector. */
export type TabId = 'warp' | 'pose' | 'hand' | 'adjust' | 'sim' | 'profile';

const TABS: readonly { id: TabId; label: string }[] = [
  { id: 'warp', label: 'Warp' },
  { id: 'pose', label: 'Pose from points' },
  { id: 'hand', label: 'Pose by hand' },
  { id: 'adjust', label: 'Blend and colour' },
  { id: 'sim', label: 'Simulator' },
  { id: 'profile', label: 'Profile' },
];

/** What the tabs need: the page's stores, the session's state, the selected projector and why editing is off (null: on). */
export interface ProjectorTabsProps {
  readonly session: CalibrationSession;
  readonly api: ApiReader;
  readonly sim: SimulatorStore;
  readonly poses: PoseStore;
  readonly s: SessionState;
  readonly selected: ProjectorConfig | null;
  readonly why: string | null;
  readonly outputWidthCss: number;
}

/** The tab bar and the open tab's panel (warp, pose from points or by hand, blend and colour, simulator, profile). */
export function ProjectorTabs(props: ProjectorTabsProps) {
  const [tab, setTab] = useState<TabId>('warp');
  return (
    <>
      <nav className="tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </nav>
      <TabPanel tab={tab} {...props} />
    </>
  );
}

function TabPanel({ tab, session, api, sim, poses, s, selected, why, outputWidthCss }: ProjectorTabsProps & { tab: TabId }) {
  if (selected === null) return <p>Waiting for the profile…</p>;
  const disabled = why !== null;
  const common = { disabled, why: why ?? '' };
  const edit = (patch: ProjectorPatch) => session.getState().edit(selected.id, patch);
  switch (tab) {
    case 'warp':
      return <WarpPanel session={session} state={s} projectorId={selected.id} {...common} widthCss={outputWidthCss} />;
    case 'hand':
      return <PoseAdjust config={selected} {...common} onEdit={edit} />;
    case 'adjust':
      return <AdjustPanel config={selected} {...common} onEdit={edit} />;
    case 'pose':
      return <PosePanel session={session} poses={poses} sim={sim} projectorId={selected.id} {...common} widthCss={outputWidthCss} />;
    case 'sim':
      return <SimulatorPanel session={session} sim={sim} projectorId={selected.id} {...common} />;
    case 'profile':
      return <ProfilePanel session={session} api={api} {...common} version={s.calibration?.version ?? null} dirty={s.calibration?.dirty ?? false} />;
  }
}
