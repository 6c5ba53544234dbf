import * as THREE from 'three';
import { BlendCache } from '../../engine/core/blend/blendCache.ts';
import type { Blend, BlendMap } from '../../engine/core/blend/computeBlend.ts';
import * as T from '../../engine/core/clock/transport.ts';
import type { TransportState } from '../../engine/core/clock/transport.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { parseProfileValue } from '../../engine/core/profile/parseProfile.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import type { TestPattern } from '../../engine/core/protocol/commands.ts';
import type { ServerMessage } from '../../engine/core/protocol/messages.ts';
import { parseShowValue } from '../../engine/core/show/parseShow.ts';
import { TimelineEvaluator } from '../../engine/core/timeline/TimelineEvaluator.ts';
import { ImageAssets, projectorNeeds } from '../../engine/render/assets/ImageAssets.ts';
import { ProjectorRenderer } from '../../engine/render/ProjectorRenderer.ts';
import { calibrationPattern, CONTENT } from '../../engine/render/output/outputPattern.ts';
import { localEpochS, type ConductorLink } from '../shared/conductorLink.ts';
import { FrameIntervals } from './frameIntervals.ts';
import { refreshRateHz } from './refreshRate.ts';

/** Extra time between a frame's rAF timestamp and its light leaving the lens, beyond one refresh (ms). */
const DEFAULT_DISPLAY_LATENCY_MS = 0;

/**
 * Blend maps depend on every projector's pose: after live calibration changes they are recomputed
 * once the changes stop for this long (a technician dragging a warp point sends many).
 */
export const BLEND_DEBOUNCE_MS = 150;

/** A page is in sync when its clock estimate is bounded within this (seconds): the sync target, 0.5 ms. */
export const SYNC_BOUND_S = 0.0005;

interface Tile {
  readonly renderer: ProjectorRenderer;
  readonly target: THREE.WebGLRenderTarget | null;
  readonly viewport: THREE.Vector4 | null;
}

/**
 * One output page: renders a projector (or, for a preview, every projector tiled) for the show time at
 * which its next frame will be seen — derived from the conductor's clock, never from frame counts —
 * and reports fps, dropped frames, clock offset and the last show time.
 */
export class OutputApp {
  private readonly renderer: THREE.WebGLRenderer;
  private readonly blends = new BlendCache(2);
  private tiles: Tile[] = [];
  private evaluator: TimelineEvaluator | null = null;
  private transport: TransportState | null = null;
  private blackout = false;
  private generation = -1;
  private lastTs = 0;
  private readonly intervals = new FrameIntervals();
  private framesThisSecond = 0;
  private fps = 0;
  private dropped = 0;
  /** Frames drawn since the page loaded (a held picture is not redrawn). */
  frames = 0;
  private lastReport = 0;
  /** Dropped frames at the previous report (the report carries those dropped since). */
  private droppedAtReport = 0;
  /** Shortest rAF interval seen, ms (the display's refresh; see refreshRateHz). */
  private shortestIntervalMs = Infinity;
  /** The first frame in sync was drawn and not reported yet. */
  private firstSyncedPending = false;
  private readonly blit = new THREE.Scene();
  private readonly blitCamera = new THREE.OrthographicCamera(-1, 1, 1, -1, 0, 1);
  private readonly blitMaterial = new THREE.MeshBasicMaterial({ depthTest: false });
  private lastBlackout = false;
  private lastRenderTs = 0;
  private renderedGeneration = -1;
  private reportedSynced = false;
  /** performance.now() marks of the start-up: documents received, renderers ready, first frame. */
  readonly marks: Record<string, number> = {};
  /** Main-thread time of the last rendered frame, ms. */
  renderMs = 0;
  /** Local epoch (s) at which the latest transport message arrived (latency measurements). */
  transportReceivedS = 0;
  /** Last rendered show time and its conductor epoch (for tests and reports). */
  lastShowS = 0;
  lastEpochS = 0;
  /** The working profile as this page knows it (documents, then live projector changes). */
  private profile: Profile | null = null;
  private installation: Installation | null = null;
  /** Test patterns by projector (those not listed show the show). */
  private patterns: Readonly<Record<string, TestPattern>> = {};
  /** Something other than show time changed (calibration, patterns): draw the next frame. */
  private redraw = false;
  private blendTimer: ReturnType<typeof setTimeout> | null = null;
  /** Blend maps after live changes are computed in a worker (null: not started, or unavailable). */
  private blendWorker: Worker | null = null;
  private blendWorkerFailed = false;
  private blendRequest = 0;
  /** Revision of the last live projector change applied (0: none since the documents). */
  calibrationRevision = 0;
  /** performance.now() when the last live projector change was applied, and when a frame first showed it. */
  calibrationAppliedAt = 0;
  calibrationDrawnAt = 0;
  /** Blend recomputations after live changes, and how long the last one took (ms, main thread). */
  blendRecomputes = 0;
  lastBlendMs = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly projectorId: string,
    /** The link, connected before this (heavy) module loaded, so clock sync runs while it loads. */
    private readonly link: ConductorLink,
    private readonly banner: (text: string) => void,
    private readonly latencyMs = DEFAULT_DISPLAY_LATENCY_MS,
    /** Cap on rendered frames per second (previews and tests on software GL; 0 = every refresh). */
    private readonly maxFps = 0,
  ) {
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: false, alpha: false, preserveDrawingBuffer: true, powerPreference: 'high-performance' });
    this.marks['context'] = performance.now();
    this.renderer.setPixelRatio(1);
    this.renderer.outputColorSpace = THREE.LinearSRGBColorSpace;
    canvas.addEventListener('webglcontextlost', (e) => {
      e.preventDefault();
      this.banner('GPU context lost — reloading');
      setTimeout(() => location.reload(), 500);
    });
    const blitQuad = new THREE.Mesh(new THREE.PlaneGeometry(2, 2), this.blitMaterial);
    blitQuad.frustumCulled = false;
    this.blit.add(blitQuad);
    requestAnimationFrame((ts) => this.frame(ts));
  }

  /** Handles a message from the conductor (the page's link forwards them, queued ones first). */
  onMessage(m: ServerMessage): void {
    if (m.type === 'documents' && m.generation !== this.generation) {
      this.generation = m.generation;
      this.calibrationRevision = 0;
      void this.load(m.profile, m.show);
    } else if (m.type === 'projector') {
      this.applyProjector(m.generation, m.revision, m.config);
    } else if (m.type === 'patterns') {
      if (JSON.stringify(m.patterns) !== JSON.stringify(this.patterns)) this.redraw = true;
      this.patterns = m.patterns;
    } else if (m.type === 'transport') {
      if (!this.transport || m.transport.segment !== this.transport.segment || m.transport.status !== this.transport.status || m.transport.anchorEpochS !== this.transport.anchorEpochS) this.transportReceivedS = localEpochS();
      this.transport = m.transport;
      this.blackout = m.blackout;
    }
  }

  /**
   * A projector's calibration changed in the conductor's working profile: applied at once to the
   * output showing it (uniforms and the warp texture, no rebuild); every output's blend map follows
   * BLEND_DEBOUNCE_MS after the last change.
   */
  private applyProjector(generation: number, revision: number, config: Profile['projectors'][number]): void {
    const profile = this.profile;
    if (generation !== this.generation || !profile || revision <= this.calibrationRevision) return;
    const index = profile.projectors.findIndex((p) => p.id === config.id);
    if (index < 0) return;
    if (config.resolution.width !== profile.projectors[index]!.resolution.width || config.resolution.height !== profile.projectors[index]!.resolution.height) {
      this.banner(`The conductor changed the resolution of ${config.id}: reload this page`);
      return;
    }
    // The config was validated against the projector schema on arrival (ServerMessageSchema).
    this.profile = { ...profile, projectors: profile.projectors.map((p, i) => (i === index ? config : p)) };
    this.installation = new Installation(this.profile);
    for (const t of this.tiles) if (t.renderer.model.id === config.id) t.renderer.updateCalibration(this.installation);
    this.calibrationRevision = revision;
    this.calibrationAppliedAt = performance.now();
    this.redraw = true;
    if (this.blendTimer !== null) clearTimeout(this.blendTimer);
    this.blendTimer = setTimeout(() => this.recomputeBlend(), BLEND_DEBOUNCE_MS);
  }

  private recomputeBlend(): void {
    this.blendTimer = null;
    const inst = this.installation;
    if (!inst || this.tiles.length === 0) return;
    const t0 = performance.now();
    const worker = this.startBlendWorker();
    if (!worker) {
      // No worker (blocked by the browser): compute here; the picture holds for the duration.
      this.useBlend(inst, this.blends.get(inst), t0);
      return;
    }
    const id = ++this.blendRequest;
    const generation = this.generation;
    worker.onmessage = (e: MessageEvent<unknown>) => {
      const r = e.data as { id?: unknown; maps?: unknown; maxOverlap?: unknown; error?: unknown };
      // Only the answer to the latest request, for the installation still shown, is used.
      if (r.id !== this.blendRequest || generation !== this.generation || this.installation !== inst) return;
      if (typeof r.error === 'string' || !Array.isArray(r.maps) || typeof r.maxOverlap !== 'number') {
        this.banner(`Blend maps could not be recomputed: ${typeof r.error === 'string' ? r.error : 'bad answer from the worker'}`);
        return;
      }
      this.useBlend(inst, { maps: r.maps as BlendMap[], maxOverlap: r.maxOverlap }, t0);
    };
    worker.postMessage({ id, profile: inst.profile });
  }

  private useBlend(inst: Installation, blend: Blend, t0: number): void {
    for (const t of this.tiles) t.renderer.setBlend(inst, blend);
    this.lastBlendMs = performance.now() - t0;
    this.blendRecomputes++;
    this.redraw = true;
  }

  /** True when blend maps are computed in the worker (false before the first live change, or where workers fail). */
  get blendInWorker(): boolean {
    return this.blendWorker !== null;
  }

  private startBlendWorker(): Worker | null {
    if (this.blendWorker || this.blendWorkerFailed) return this.blendWorker;
    try {
      this.blendWorker = new Worker(new URL('./blendWorker.ts', import.meta.url), { type: 'module' });
      this.blendWorker.onerror = () => {
        this.blendWorkerFailed = true;
        this.blendWorker?.terminate();
        this.blendWorker = null;
        this.recomputeBlend();
      };
    } catch {
      this.blendWorkerFailed = true;
    }
    return this.blendWorker;
  }

  private async load(profileJson: unknown, showJson: unknown): Promise<void> {
    this.marks['documents'] ??= performance.now();
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
    for (const t of this.tiles) {
      t.renderer.dispose();
      t.target?.dispose();
    }
    const inst = new Installation(this.profile);
    this.installation = inst;
    const blend = this.blends.get(inst);
    this.evaluator = new TimelineEvaluator(show.value.show);
    const ids = this.projectorId === 'all' ? inst.projectors.map((p) => p.id) : [this.projectorId];
    if (!ids.every((id) => inst.projectors.some((p) => p.id === id))) {
      this.banner(`No projector "${this.projectorId}" in profile ${profile.value.id}`);
      this.tiles = [];
      return;
    }
    this.marks['blend'] ??= performance.now();
    if (ids.length === 1) {
      const pr = new ProjectorRenderer(this.renderer, inst, ids[0]!, blend, show.value.show, assets);
      this.renderer.setSize(pr.model.width, pr.model.height, false);
      this.tiles = [{ renderer: pr, target: null, viewport: null }];
      return;
    }
    // Preview: every output tiled in one window, each rendered at reduced resolution.
    const cols = Math.ceil(Math.sqrt(ids.length));
    const rows = Math.ceil(ids.length / cols);
    const W = Math.max(640, Math.floor(window.innerWidth));
    const H = Math.max(360, Math.floor(window.innerHeight));
    this.renderer.setSize(W, H, false);
    const tw = Math.floor(W / cols);
    const th = Math.floor(H / rows);
    this.tiles = ids.map((id, i) => {
      const model = inst.projector(id);
      const scale = Math.max(model.width / tw, model.height / th);
      const pr = new ProjectorRenderer(this.renderer, inst, id, blend, show.value.show, assets, { contentScale: Math.min(1, 1 / scale) });
      pr.output.setPixelScale(scale);
      const w = Math.floor(model.width / scale);
      const h = Math.floor(model.height / scale);
      const target = new THREE.WebGLRenderTarget(w, h, { depthBuffer: false });
      const c = i % cols;
      const r = Math.floor(i / cols);
      return { renderer: pr, target, viewport: new THREE.Vector4(c * tw + (tw - w) / 2, H - (r + 1) * th + (th - h) / 2, w, h) };
    });
  }

  /** The conductor epoch at which a frame started at rAF time `ts` will be seen. */
  presentationEpochS(ts: number): number {
    const interval = this.frameIntervalMs();
    return this.link.toConductor((performance.timeOrigin + ts + interval + this.latencyMs) / 1000);
  }

  /** The clock estimate is within the sync bound, so a frame rendered now shows the shared show time. */
  get synced(): boolean {
    const est = this.link.estimate;
    return est !== null && est.errorBoundS <= SYNC_BOUND_S;
  }

  /** Show time this page renders for a frame presented at local epoch `localS` (tests, sync bench). */
  showTimeForLocal(localS: number): number | null {
    return this.transport ? T.showTimeAt(this.transport, this.link.toConductor(localS)) : null;
  }

  private frameIntervalMs(): number {
    return this.intervals.ms;
  }

  private frame(ts: number): void {
    requestAnimationFrame((t) => this.frame(t));
    if (this.lastTs > 0) {
      const dt = ts - this.lastTs;
      this.intervals.add(dt);
      if (dt > this.frameIntervalMs() * 1.5) this.dropped += Math.round(dt / this.frameIntervalMs()) - 1;
      // Under 4 ms is two callbacks for one refresh (a page coming back from a stall), not a refresh rate.
      if (dt >= 4 && dt < this.shortestIntervalMs) this.shortestIntervalMs = dt;
    }
    this.lastTs = ts;
    if (!this.evaluator || !this.transport || this.tiles.length === 0) return;
    if (this.maxFps > 0 && ts - this.lastRenderTs < 1000 / this.maxFps - 1) return;
    this.lastRenderTs = ts;
    // A frame presented on time: drawn, or (held, stopped) the last image kept on screen.
    this.framesThisSecond++;
    const epoch = this.presentationEpochS(ts);
    const showS = T.showTimeAt(this.transport, epoch);
    // A held or stopped show looks the same every frame: keep the last image instead of redrawing it,
    // but keep reporting: the runtime's watchdog takes a silent page for a dead one.
    const still = showS === this.lastShowS && this.blackout === this.lastBlackout && this.generation === this.renderedGeneration && this.frames > 0 && !this.redraw;
    if (!still) this.draw(showS, epoch);
    this.reportIfDue(showS, epoch);
  }

  /** Frames a second this page aims at: its display's refresh, or its cap when lower. */
  get targetFps(): number {
    const refresh = refreshRateHz(this.shortestIntervalMs);
    return this.maxFps > 0 ? Math.min(this.maxFps, refresh) : refresh;
  }

  private draw(showS: number, epoch: number): void {
    const evaluator = this.evaluator!;
    this.lastBlackout = this.blackout;
    this.renderedGeneration = this.generation;
    this.redraw = false;
    const t0 = performance.now();
    const frame = this.blackout ? null : evaluator.evaluate(showS);
    for (const t of this.tiles) {
      // A calibration pattern (raw output pixels) replaces the show on its projector; the blackout wins
      // over both, as raw black: 0 on every pixel (no black-level lift, no dither), the projector dark.
      const pattern = this.blackout ? 'black' : this.patterns[t.renderer.model.id];
      t.renderer.setPattern(pattern !== undefined ? calibrationPattern(pattern) : CONTENT);
      t.renderer.output.setOptions({ blend: !this.blackout });
      t.renderer.render(pattern !== undefined ? null : frame, t.target);
      if (t.target && t.viewport) {
        this.blitMaterial.map = t.target.texture;
        this.renderer.setRenderTarget(null);
        this.renderer.setViewport(t.viewport);
        this.renderer.autoClear = false;
        this.renderer.render(this.blit, this.blitCamera);
        this.renderer.autoClear = true;
      }
    }
    if (this.tiles[0]?.target) this.renderer.setViewport(0, 0, this.canvas.width, this.canvas.height);
    this.lastShowS = showS;
    this.lastEpochS = epoch;
    this.frames++;
    if (this.calibrationAppliedAt > this.calibrationDrawnAt) this.calibrationDrawnAt = performance.now();
    this.marks['firstFrame'] ??= performance.now();
    if (this.synced) {
      this.marks['firstSyncedFrame'] ??= performance.now();
      if (!this.reportedSynced) this.firstSyncedPending = this.reportedSynced = true;
    }
    this.renderMs = performance.now() - t0;
  }

  /**
   * Reports every second, drawn or held, and at once on the first frame in sync (the conductor and the
   * runtime's start-up and recovery checks wait for it). A preview reports once per tile, so the control
   * window lists every projector it shows.
   */
  private reportIfDue(showS: number, epoch: number): void {
    const now = localEpochS();
    if (now - this.lastReport < 1 && !this.firstSyncedPending) return;
    this.firstSyncedPending = false;
    // The first report counts from the first frame, not from the epoch's origin.
    this.fps = this.framesThisSecond / (this.lastReport > 0 ? now - this.lastReport || 1 : 1);
    this.framesThisSecond = 0;
    this.lastReport = now;
    const recentDropped = this.dropped - this.droppedAtReport;
    this.droppedAtReport = this.dropped;
    const est = this.link.estimate;
    const preview = this.projectorId === 'all';
    for (const t of this.tiles) {
      this.link.send({
        type: 'report',
        projectorId: preview ? t.renderer.model.id : this.projectorId,
        fps: Math.min(1000, this.fps),
        droppedFrames: this.dropped,
        offsetMs: (est?.offsetS ?? 0) * 1000,
        errorBoundMs: (est?.errorBoundS ?? 0) * 1000,
        lastShowS: showS,
        lastEpochS: epoch,
        frames: this.frames,
        targetFps: this.targetFps,
        recentDropped,
        ...(preview ? { preview: true } : {}),
      });
      if (!preview) break;
    }
  }
}
