import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import type { AudioFileProblem, CalibrationStatus, ConductorStatus } from '../../engine/core/protocol/status.ts';
import type { Showing } from '../../engine/core/show/Showing.ts';
import type { ClientHealth } from './ClientHealth.ts';
import type { EventLog } from './EventLog.ts';

/** Everything the status is projected from. */
export interface StatusSources {
  readonly showing: Showing;
  readonly showFile: string;
  readonly profile: Profile;
  readonly profileFile: string;
  readonly blackout: boolean;
  readonly audioProblems: readonly AudioFileProblem[];
  readonly health: ClientHealth;
  readonly calibration: CalibrationStatus;
  readonly log: EventLog;
}

/** Events the status carries (the newest). */
const EVENTS_IN_STATUS = 50;

/** What the control window shows at conductor time `epochS`: titles in the showing's language, transport, clients, calibration, recent events. */
export function conductorStatus(src: StatusSources, epochS: number): ConductorStatus {
  const { showing, profile } = src;
  const show = showing.show;
  const s = showing.transport;
  const showS = showing.showTimeAt(epochS);
  const title = (t: Record<string, string>) => t[showing.language] ?? t[show.defaultLanguage] ?? Object.values(t)[0] ?? '';
  const audio = src.health.audioStatus(epochS);
  return {
    show: { id: show.id, title: title(show.title), file: src.showFile, durationS: show.durationS, chapters: show.chapters.map((c) => ({ id: c.id, title: title(c.title), startS: c.startS })) },
    profile: { id: profile.id, name: profile.name ?? profile.id, file: src.profileFile, projectors: profile.projectors.map((p) => p.id) },
    transport: { status: s.status, showS, rate: s.rate, chapterIndex: showing.chapterIndexAt(epochS), ended: showing.isEnded(epochS) },
    blackout: src.blackout,
    language: showing.language,
    nextLanguage: showing.nextLanguage,
    languages: [...show.languages],
    subtitles: showing.subtitlesAt(epochS),
    audioProblems: [...src.audioProblems],
    epochS,
    outputs: src.health.outputList(epochS),
    ...(audio ? { audio } : {}),
    calibration: src.calibration,
    events: src.log.recent(EVENTS_IN_STATUS),
  };
}
