import type { AudioStatus, OutputStatus } from '../../engine/core/protocol/status.ts';
import type { EventLog } from './EventLog.ts';
import { OutputRecords, type OutputReport } from './OutputRecords.ts';

/** What the audio page reports (the conductor adds the age and the connection). */
export type AudioReport = Omit<AudioStatus, 'ageS' | 'connected'>;

interface AudioRecord {
  clientId: string;
  status: AudioReport;
  receivedEpochS: number;
  connected: boolean;
}

/**
 * The clients' health as the control window and the runtime's output watchdog read it: what every
 * output and the audio page last reported, how old that is and whether its socket is still open.
 * Losses and newly silent clips go to the event log. Time comes in as an argument.
 */
export class ClientHealth {
  private readonly outputs = new OutputRecords();
  private audio: AudioRecord | null = null;

  constructor(private readonly log: EventLog) {}

  /** Records an output's report (clientId identifies the page or node). */
  report(clientId: string, role: 'output' | 'node', r: OutputReport, epochS: number): void {
    this.outputs.report(clientId, role, r, epochS);
  }

  /** Marks an output as gone (its socket closed); it leaves the list shortly after (OutputRecords). */
  disconnected(clientId: string, epochS: number): void {
    const ids = this.outputs.disconnected(clientId, epochS);
    if (ids.length > 0) this.log.note('warn', `output ${ids.join(', ')} disconnected`, epochS);
  }

  /** Records the audio page's report (one audio page per conductor machine: the latest one wins); a newly failed file is logged once. */
  audioReport(clientId: string, r: AudioReport, epochS: number): void {
    const failed = new Set(this.audio?.status.clipsFailed.map((f) => f.file));
    for (const f of r.clipsFailed) if (!failed.has(f.file)) this.log.note('warn', `audio: clip ${f.clipId} is silent: ${f.file} ${f.reason}`, epochS);
    this.audio = { clientId, status: r, receivedEpochS: epochS, connected: true };
  }

  /** Marks the audio page as gone (its socket closed). */
  audioDisconnected(clientId: string, epochS: number): void {
    if (this.audio?.clientId !== clientId) return;
    this.audio.connected = false;
    this.log.note('warn', 'audio page disconnected', epochS);
  }

  /** The outputs as the status lists them at `epochS`. */
  outputList(epochS: number): OutputStatus[] {
    return this.outputs.list(epochS);
  }

  /** The audio page's status at `epochS`, or undefined before any audio page reported. */
  audioStatus(epochS: number): AudioStatus | undefined {
    const a = this.audio;
    return a ? { ...a.status, ageS: epochS - a.receivedEpochS, connected: a.connected } : undefined;
  }
}
