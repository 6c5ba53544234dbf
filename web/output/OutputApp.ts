import * as THREE from 'three';
import type { Blend } from '../../engine/core/blend/computeBlend.ts';
import * as T from '../../engine/core/clock/transport.ts';
import type { TransportState } from '../../engine/core/clock/transport.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { parseProfileValue } from '../../engine/core/profile/parseProfile.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import type { TestPattern } from '../../engine/core/protocol/commands.ts';
import type { ServerMessage } from '../../engine/core/protocol/messages.ts';
import { parseShowValue } from '../../engine/core/show/parseShow.ts';
import { TimelineEvaluator } from '../../engine/core/timeline/TimelineEvaluator.ts';
import { ImageAssets, projectorNeeds } from '../../engine/render/content/ImageAssets.ts';
import type { ConductorLink } from '../shared/conductorLink.ts';
import { BlendClient } from './blendClient.ts';
import { FrameLoop } from './frameLoop.ts';
import { OutputReporter } from './outputReporter.ts';
import { OutputTiles } from './outputTiles.ts';

/** Extra time between a frame's rAF timestamp and its light leaving the lens, beyond one refresh (ms). */
const DEFAULT_DISPLAY_LATENCY_MS = 0;

/** A page is in sync when its clock estimate is bounded within this (seconds): the sync target, 0.5 ms. */
export const SYNC_BOUND_S = 0.0005;

/** Moments of the page's work an observer may follow (measurements: how fast a calibration change shows). */
export interface OutputListener {
  /** A live projector change was applied (its frame follows). */
  calibrationApplied?(): void;
  /** A frame was drawn. */
  drawn?(): void;
  /** New blend maps after live changes, in `ms` (main-thread time from the request). */
  blendApplied?(ms: number): void;
}

/**
 * One output page: renders a projector (or, for a preview, every projector tiled) for the show time at
 * which its next frame will be seen — derived from the conductor's clock, never from frame counts —
 * and reports fps, dropped frames, clock offset and the last show time. Composes the frame loop
 * (FrameLoop), the tiles (OutputTiles), the blend-worker client (BlendClient) and the report
 * (OutputReporter).
 */
export class OutputApp {
  private readonly renderer: THREE.WebGLRenderer;
  private readonly tiles: OutputTiles;
  private readonly blend: BlendClient;
  private readonly loop: FrameLoop;
  private readonly reporter: OutputReporter;
  private evaluator: TimelineEvaluator | null = null;
  private transportState: TransportState | null = null;
  private blackout = false;
  private generation = -1;
  /** The working profile as this page knows it (documents, then live projector changes). */
  private profile: Profile | null = null;
  private installation: Installation | null = null;
  /** Test patterns by projector (those not listed show the show). */
  private patterns: Readonly<Record<string, TestPattern>> = {};
  /** Something other than show time changed (calibration, patterns): draw the next frame. */
  private redraw = false;
  private lastBlackout = false;
  private renderedGeneration = -1;
  private drawnFrames = 0;
  private lastShow = 0;
  /** Revision of the last live projector change applied (0: none since the documents). */
  private revision = 0;

  constructor(
    canvas: HTMLCanvasElement,
    /** The projector shown, or 'all' for the tiled preview. */
    private readonly projectorId: string,
    /** The link, connected before this (heavy) module loaded, so clock sync runs while it loads. */
    private readonly link: ConductorLink,
    private readonly banner: (text: string) => void,
    private readonly latencyMs = DEFAULT_DISPLAY_LATENCY_MS,
    /** Cap on rendered frames per second (previews and tests on software GL; 0 = every refresh). */
    maxFps = 0,
    private readonly listener: OutputListener = {},
  ) {
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: false, alpha: false, preserveDrawingBuffer: true, powerPreference: 'high-performance' });
    this.renderer.setPixelRatio(1);
    this.renderer.outputColorSpace = THREE.LinearSRGBColorSpace;
    canvas.addEventListener('webglcontextlost', (e) => {
      e.preventDefault();
      this.banner('GPU context lost — reloading');
      setTimeout(() => location.reload(), 500);
    });
    this.tiles = new OutputTiles(this.renderer, canvas);
    this.reporter = new OutputReporter(link, this.projectorId);
    this.blend = new BlendClient({
      current: () => (this.tiles.ids.length > 0 ? this.installation : null),
      blend: (inst, blend, t0) => this.useBlend(inst, blend, t0),
      error: banner,
    });
    this.loop = new FrameLoop({ ready: () => this.evaluator !== null && this.transportState !== null && this.tiles.ids.length > 0, present: (ts) => this.present(ts) }, maxFps);
  }

  /** Frames drawn since the page loaded (a held picture is not redrawn). */
  get frames(): number {
    return this.drawnFrames;
  }

  /** Show time of the last frame drawn. */
  get lastShowS(): number {
    return this.lastShow;
  }

  /** The transport as the conductor last sent it (null before the first). */
  get transport(): TransportState | null {
    return this.transportState;
  }

  /** Revision of the last live projector change applied (0: none since the documents). */
  get calibrationRevision(): number {
    return this.revision;
  }

  /** True when blend maps are computed in the worker (false before the first live change, or where workers fail). */
  get blendInWorker(): boolean {
    return this.blend.inWorker;
  }

  /** Handles a message from the conductor (the page's link forwards them, queued ones first). */
  onMessage(m: ServerMessage): void {
    if (m.type === 'documents' && m.generation !== this.generation) {
      this.generation = m.generation;
      this.revision = 0;
      this.blend.cancel();
      void this.load(m.profile, m.show);
    } else if (m.type === 'projector') {
      this.applyProjector(m.generation, m.revision, m.config);
    } else if (m.type === 'patterns') {
      if (JSON.stringify(m.patterns) !== JSON.stringify(this.patterns)) this.redraw = true;
      this.patterns = m.patterns;
    } else if (m.type === 'transport') {
      this.transportState = m.transport;
      this.blackout = m.blackout;
    }
  }

  /**
   * A projector's calibration changed in the conductor's working profile: applied at once to the
   * output showing it (uniforms and the warp texture, no rebuild); every output's blend map follows
   * BLEND_DEBOUNCE_MS (blendClient.ts) after the last change.
   */
  private applyProjector(generation: number, revision: number, config: Profile['projectors'][number]): void {
    const profile = this.profile;
    if (generation !== this.generation || !profile || revision <= this.revision) return;
    const index = profile.projectors.findIndex((p) => p.id === config.id);
    if (index < 0) return;
    if (config.resolution.width !== profile.projectors[index]!.resolution.width || config.resolution.height !== profile.projectors[index]!.resolution.height) {
      this.banner(`The conductor changed the resolution of ${config.id}: reload this page`);
      return;
    }
    // The config was validated against the projector schema on arrival (ServerMessageSchema).
    this.profile = { ...profile, projectors: profile.projectors.map((p, i) => (i === index ? config : p)) };
    this.installation = new Installation(this.profile);
    this.tiles.updateCalibration(this.installation, config.id);
    this.revision = revision;
    this.listener.calibrationApplied?.();
    this.redraw = true;
    this.blend.schedule();
  }

  private useBlend(inst: Installation, blend: Blend, t0: number): void {
    this.tiles.setBlend(inst, blend);
    this.listener.blendApplied?.(performance.now() - t0);
    this.redraw = true;
  }

  private async load(profileJson: unknown, showJson: unknown): Promise<void> {
    const profile = parseProfileValue(profileJson);
    const show = parseShowValue(showJson);
    if (!profile.ok || !show.ok) {
      this.banner('The conductor sent documents this page cannot read');
      return;
    }
    // Live projector changes that arrive while the assets load apply to this copy, and reach the renderers below.
    this.profile = profile.value;
    const assets = new ImageAssets();
    // One output streams only the painting tiles under its part of the wall, at its resolution; the tiled preview takes the default level.
    const hall = new Installation(profile.value);
    const single = this.projectorId !== 'all' && profile.value.projectors.some((p) => p.id === this.projectorId);
    await assets.preload(show.value.show, single ? { needs: projectorNeeds(hall, [this.projectorId]), wrapsU: hall.surface.wrapsU } : {});
    this.tiles.clear();
    const inst = new Installation(this.profile);
    this.installation = inst;
    const blend = this.blend.initial(inst);
    this.evaluator = new TimelineEvaluator(show.value.show);
    const ids = this.projectorId === 'all' ? inst.projectors.map((p) => p.id) : [this.projectorId];
    if (!ids.every((id) => inst.projectors.some((p) => p.id === id))) {
      this.banner(`No projector "${this.projectorId}" in profile ${profile.value.id}`);
      return;
    }
    this.tiles.show(inst, ids, blend, show.value.show, assets);
  }

  /** The conductor epoch at which a frame started at rAF time `ts` will be seen. */
  presentationEpochS(ts: number): number {
    return this.link.toConductor((performance.timeOrigin + ts + this.loop.intervalMs + this.latencyMs) / 1000);
  }

  /** The clock estimate is within the sync bound, so a frame rendered now shows the shared show time. */
  get synced(): boolean {
    const est = this.link.estimate;
    return est !== null && est.errorBoundS <= SYNC_BOUND_S;
  }

  /** Frames a second this page aims at: its display's refresh, or its cap when lower. */
  get targetFps(): number {
    return this.loop.targetFps;
  }

  private present(ts: number): void {
    this.reporter.presented();
    const epoch = this.presentationEpochS(ts);
    const showS = T.showTimeAt(this.transportState!, epoch);
    // A held or stopped show looks the same every frame: keep the last image instead of redrawing it,
    // but keep reporting: the runtime's watchdog takes a silent page for a dead one.
    const still = showS === this.lastShow && this.blackout === this.lastBlackout && this.generation === this.renderedGeneration && this.drawnFrames > 0 && !this.redraw;
    if (!still) this.draw(showS);
    this.reporter.reportIfDue(showS, epoch, this.drawnFrames, this.loop, this.tiles.ids);
  }

  private draw(showS: number): void {
    this.lastBlackout = this.blackout;
    this.renderedGeneration = this.generation;
    this.redraw = false;
    this.tiles.draw(this.blackout ? null : this.evaluator!.evaluate(showS), this.blackout, this.patterns);
    this.lastShow = showS;
    this.drawnFrames++;
    this.listener.drawn?.();
    if (this.drawnFrames === 1) performance.mark('panorama:first-frame');
    if (this.synced) this.reporter.drewSynced();
  }
}
