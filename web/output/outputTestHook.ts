import * as T from '../../engine/core/clock/transport.ts';
import type { TransportState } from '../../engine/core/clock/transport.ts';
import type { ServerMessage } from '../../engine/core/protocol/messages.ts';
import { localEpochS, type ConductorLink } from '../shared/conductorLink.ts';
import type { OutputApp, OutputListener } from './OutputApp.ts';

/**
 * What tests, benches and the soak read of an output page (`window.panoramaOutput` in a test build,
 * web/shared/testHooks.ts): the app's state, and measurements only they need: when transport changes
 * arrived, when a calibration change was applied and first drawn, blend recomputations.
 */
export class OutputTestHook implements OutputListener {
  private app: OutputApp | null = null;
  private lastTransport: TransportState | null = null;
  /** Local epoch (s) at which the latest transport change arrived (latency measurements). */
  transportReceivedS = 0;
  /** performance.now() when the last live projector change was applied, and when a frame first showed it. */
  calibrationAppliedAt = 0;
  calibrationDrawnAt = 0;
  /** Blend recomputations after live changes, and how long the last one took (ms, main thread). */
  blendRecomputes = 0;
  lastBlendMs = 0;

  constructor(
    /** The page's conductor link (clock estimate, conversion to the conductor's epoch). */
    readonly link: ConductorLink,
  ) {}

  /** The app this hook reads (built after the hook, which it takes as its listener). */
  attach(app: OutputApp): void {
    this.app = app;
  }

  /** Sees every message before the app: a transport message that changes segment, status or anchor is timed. */
  message(m: ServerMessage): void {
    if (m.type !== 'transport') return;
    const t = this.lastTransport;
    if (!t || m.transport.segment !== t.segment || m.transport.status !== t.status || m.transport.anchorEpochS !== t.anchorEpochS) this.transportReceivedS = localEpochS();
    this.lastTransport = m.transport;
  }

  calibrationApplied(): void {
    this.calibrationAppliedAt = performance.now();
  }

  drawn(): void {
    if (this.calibrationAppliedAt > this.calibrationDrawnAt) this.calibrationDrawnAt = performance.now();
  }

  blendApplied(ms: number): void {
    this.lastBlendMs = ms;
    this.blendRecomputes++;
  }

  /** Frames drawn since the page loaded. */
  get frames(): number {
    return this.app?.frames ?? 0;
  }

  /** The transport the page renders (null before the first). */
  get transport(): TransportState | null {
    return this.app?.transport ?? null;
  }

  /** The clock estimate is within the sync bound. */
  get synced(): boolean {
    return this.app?.synced ?? false;
  }

  get lastShowS(): number {
    return this.app?.lastShowS ?? 0;
  }

  get calibrationRevision(): number {
    return this.app?.calibrationRevision ?? 0;
  }

  get blendInWorker(): boolean {
    return this.app?.blendInWorker ?? false;
  }

  /** Show time the page renders for a frame presented at local epoch `localS` (sync tests and bench). */
  showTimeForLocal(localS: number): number | null {
    const t = this.transport;
    return t ? T.showTimeAt(t, this.link.toConductor(localS)) : null;
  }
}
