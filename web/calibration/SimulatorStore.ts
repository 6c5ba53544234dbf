import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import type { ProjectorConfig } from '../../engine/core/profile/profileSchema.ts';
import { aimCameraAt, SimulatedCamera } from '../../calibration/structured/SimulatedCamera.ts';
import { recalibrateHall, type CaptureFn, type HallRecalibration } from '../../calibration/structured/recalibrate.ts';
import type { CalibrationSession } from './CalibrationSession.ts';
import { bumpedTruth, measureMisregistration, type Bump, type MisregistrationFigures } from './hallSimulation.ts';

/** Camera pixels along the longer side in the page (fewer than the CLI's 1280: the page computes on its main thread). */
export const PAGE_CAMERA_PX = 640;

/** A finished one-click recalibration, as the page reports it. */
export interface RecalibrationReport {
  readonly camera: 'simulated' | 'webcam';
  readonly projectorIds: readonly string[];
  readonly seconds: number;
  /** Per zone, measured from the camera: max misregistration before / after, painting px. */
  readonly zones: readonly { readonly zone: string; readonly beforeMaxPx: number; readonly afterMaxPx: number; readonly samples: number }[];
  /** Per projector: correspondences, pose RMS, pose change. */
  readonly projectors: HallRecalibration['projectors'];
  /** Simulation only: the truth figures before and after (worst zone max), painting px. */
  readonly truthBeforeMaxPx?: number;
  readonly truthAfterMaxPx?: number;
}

/** The simulator's state: the bump and its truth, the figures at the bump and now, a recalibration under way or done. */
export interface SimulatorState {
  readonly bump: Bump | null;
  readonly truth: Profile | null;
  /** Misregistration when the bump was made (the calibration unchanged). */
  readonly atBump: MisregistrationFigures | null;
  /** Misregistration of the working profile now against the truth. */
  readonly now: MisregistrationFigures | null;
  readonly measuring: boolean;
  readonly recalibration: { readonly running: boolean; readonly progress: string; readonly report: RecalibrationReport | null; readonly error: string | null };
}

/** Choose the camera and which projectors a recalibration checks. */
export interface RecalibrateRequest {
  readonly projectorIds: readonly string[];
  /** The capture for one projector; default: the simulated camera on the truth. */
  readonly captureFor?: (projectorId: string, camera: ProjectorConfig) => CaptureFn;
  readonly cameraFor?: (projectorId: string) => ProjectorConfig;
  readonly camera: 'simulated' | 'webcam';
}

const yieldToPage = () => new Promise<void>((ok) => setTimeout(ok, 0));

/** What the simulator does (the store's actions). */
export interface SimulatorActions {
  /** Bumps a projector in the simulated hall (from the working profile as it is now); `bump` holds it. */
  bumpProjector(b: Bump): void;
  /** Back to no simulation. */
  clear(): void;
  /** Measures the working profile against the truth at once. */
  measureNow(): MisregistrationFigures | null;
  /**
   * One-click recalibration: captures and decodes each projector's Gray-code sequence, solves its pose
   * and a residual warp, and sends them live (setProjector); the report says each zone before/after.
   */
  recalibrate(req: RecalibrateRequest): Promise<RecalibrationReport | null>;
}

/**
 * The simulator mode of the calibration page, for rehearsal and tests, a zustand vanilla store: "bump"
 * a projector (its true pose off by a few tenths of a degree, the truth = the working profile with the
 * bump), and watch the misregistration per blend zone (engine/core/blend/hallMetrics) follow every edit
 * live; one-click recalibration runs calibration/structured recalibrateHall with the simulated camera
 * on the truth (or any capture), applies the result through setProjector, and reports before/after and
 * the time.
 */
export type SimulatorStore = StoreApi<SimulatorState & SimulatorActions>;

type SetSim = SimulatorStore['setState'];
type GetSim = () => SimulatorState & SimulatorActions;

/** Makes the simulator of a calibration session; it measures again after every change of the working profile. */
export function createSimulatorStore(session: CalibrationSession): SimulatorStore {
  return createStore<SimulatorState & SimulatorActions>()((set, get) => {
    let measuredProfile: Profile | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const measureNow = () => {
      const profile = session.getState().profile;
      const truth = get().truth;
      if (!profile || !truth) return null;
      measuredProfile = profile;
      const now = measureMisregistration(profile, truth);
      set({ now, measuring: false });
      return now;
    };
    session.subscribe(() => {
      const profile = session.getState().profile;
      if (!get().truth || !profile || profile === measuredProfile) return;
      if (timer !== null) return;
      if (!get().measuring) set({ measuring: true });
      // Live, but not on every slider tick: the newest profile ~0.1 s after a change.
      timer = setTimeout(() => {
        timer = null;
        measureNow();
      }, 100);
    });
    return {
      bump: null,
      truth: null,
      atBump: null,
      now: null,
      measuring: false,
      recalibration: { running: false, progress: '', report: null, error: null },
      bumpProjector: (b) => {
        const profile = session.getState().profile;
        if (!profile) return;
        const truth = bumpedTruth(profile, b);
        const figures = measureMisregistration(profile, truth);
        measuredProfile = profile;
        set((s) => ({ bump: b, truth, atBump: figures, now: figures, recalibration: { ...s.recalibration, report: null, error: null } }));
      },
      clear: () => {
        measuredProfile = null;
        set({ bump: null, truth: null, atBump: null, now: null });
      },
      measureNow,
      recalibrate: (req) => recalibrate(session, set, get, req),
    };
  });
}

/** The one-click recalibration behind `recalibrate`: progress, the result sent live, the report or the error in the store. */
async function recalibrate(session: CalibrationSession, set: SetSim, get: GetSim, req: RecalibrateRequest): Promise<RecalibrationReport | null> {
  const profile = session.getState().profile;
  const truth = get().truth;
  if (!profile) return null;
  if (!req.captureFor && !truth) {
    set({ recalibration: { running: false, progress: '', report: null, error: 'the simulated camera needs a bumped hall: bump a projector first, or choose the webcam' } });
    return null;
  }
  const { flush, edit, note } = session.getState();
  flush();
  const t0 = performance.now();
  let progress = '';
  const say = (p: string) => {
    progress = p;
    set({ recalibration: { running: true, progress, report: null, error: null } });
  };
  say(`starting (${req.projectorIds.join(', ')})`);
  const simulated = (id: string, camera: ProjectorConfig): CaptureFn => {
    const cam = new SimulatedCamera(camera, truth!);
    return async (frame) => {
      await yieldToPage();
      return cam.capture(id, frame);
    };
  };
  let current = '';
  try {
    const result = await recalibrateHall(
      (id, camera) => {
        current = id;
        return (req.captureFor ?? simulated)(id, camera);
      },
      profile,
      req.cameraFor ?? ((id) => aimCameraAt(profile, id, { longSidePx: PAGE_CAMERA_PX })),
      {
        projectorIds: req.projectorIds,
        ...(truth && !req.captureFor ? { truth } : {}),
        onFrame: (i, n) => say(`${current}: frame ${i + 1} of ${n}`),
        onProjector: (r) => say(`${r.projectorId}: ${r.correspondences} correspondences, pose RMS ${r.poseRmsPx.toFixed(2)} px`),
      },
    );
    for (const id of req.projectorIds) {
      const cfg = result.profile.projectors.find((p) => p.id === id)!;
      edit(id, { pose: cfg.pose, lens: cfg.lens, warp: cfg.warp ?? null });
    }
    flush();
    const report: RecalibrationReport = {
      camera: req.camera,
      projectorIds: req.projectorIds,
      seconds: (performance.now() - t0) / 1000,
      zones: result.zones.map((z) => ({ zone: z.zone, beforeMaxPx: z.before.max, afterMaxPx: z.after.max, samples: z.samples })),
      projectors: result.projectors,
      ...(result.truthBefore && result.truthAfter ? { truthBeforeMaxPx: result.truthBefore.misregistrationPx.max, truthAfterMaxPx: result.truthAfter.misregistrationPx.max } : {}),
    };
    set({ recalibration: { running: false, progress, report, error: null } });
    note(true, `recalibrated ${req.projectorIds.join(', ')} in ${report.seconds.toFixed(1)} s`);
    return report;
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    set({ recalibration: { running: false, progress, report: null, error } });
    note(false, error);
    return null;
  }
}
