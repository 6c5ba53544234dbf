import type { OutputStatus } from '../../engine/core/protocol/status.ts';

/** What an output page or render node reports (the conductor adds the age and the connection). */
export type OutputReport = Omit<OutputStatus, 'ageS' | 'connected' | 'clientId' | 'role'>;

/** A disconnected output stays listed this long (s), so the operator sees it go, then it is forgotten. */
export const FORGET_DISCONNECTED_S = 10;
/**
 * An output silent this long (s) is replaced at once by a new page reporting for the same projector
 * (a restarted window whose old socket has not closed yet); the control window calls it silent after 5 s.
 */
export const REPLACE_SILENT_S = 5;

interface OutputRecord {
  status: Omit<OutputStatus, 'ageS' | 'connected'>;
  receivedEpochS: number;
  connected: boolean;
  /** When its socket closed (conductor epoch, s). */
  goneEpochS: number;
}

/**
 * What every output last reported, one record per page and projector (a preview page reports one per
 * tile). Gone outputs are forgotten FORGET_DISCONNECTED_S after they leave, and a page reporting for a
 * projector replaces that projector's disconnected or silent records at once: a restart never leaves
 * a duplicate row. Time comes in as an argument.
 */
export class OutputRecords {
  private readonly records = new Map<string, OutputRecord>();

  /** Records a report from page `clientId` at conductor epoch `epochS`. */
  report(clientId: string, role: 'output' | 'node', r: OutputReport, epochS: number): void {
    for (const [key, rec] of this.records) {
      if (rec.status.clientId === clientId || rec.status.projectorId !== r.projectorId) continue;
      if (!rec.connected || epochS - rec.receivedEpochS >= REPLACE_SILENT_S) this.records.delete(key);
    }
    this.records.set(`${clientId}\n${r.projectorId}`, { status: { ...r, clientId, role }, receivedEpochS: epochS, connected: true, goneEpochS: Infinity });
  }

  /** Marks every record of page `clientId` as gone; returns the projectors it reported for. */
  disconnected(clientId: string, epochS: number): string[] {
    const ids: string[] = [];
    for (const rec of this.records.values()) {
      if (rec.status.clientId !== clientId || !rec.connected) continue;
      rec.connected = false;
      rec.goneEpochS = epochS;
      ids.push(rec.status.projectorId);
    }
    return ids;
  }

  /** The outputs as the status lists them, after forgetting those gone for FORGET_DISCONNECTED_S. */
  list(epochS: number): OutputStatus[] {
    for (const [key, rec] of this.records) if (!rec.connected && epochS - rec.goneEpochS >= FORGET_DISCONNECTED_S) this.records.delete(key);
    return [...this.records.values()].map((o) => ({ ...o.status, ageS: epochS - o.receivedEpochS, connected: o.connected }));
  }
}
