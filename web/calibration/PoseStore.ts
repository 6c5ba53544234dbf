import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PoseSolution } from '../../calibration/pose/solvePose.ts';

/** A landmark placed by the technician: where it appears on the projector's output, output pixels (warp included). */
export interface PlacedPoint {
  readonly landmarkId: string;
  readonly x: number;
  readonly y: number;
}

/** The pose-from-points work of one projector. */
export interface PoseWork {
  readonly points: readonly PlacedPoint[];
  readonly armed: string | null;
  readonly solution: PoseSolution | null;
  /** Landmark ids in the order given to the solver (the residuals' order). */
  readonly solvedIds: readonly string[];
}

/** No points, nothing armed, no solution. */
export const EMPTY_POSE_WORK: PoseWork = { points: [], armed: null, solution: null, solvedIds: [] };

/** The pose work of every projector, and how it changes. */
export interface PoseWorkState {
  /** Per projector id (absent: nothing placed yet). */
  readonly work: Readonly<Record<string, PoseWork>>;
  /** The work of one projector (empty when none). */
  of(id: string): PoseWork;
  /** Replaces one projector's work by `f` of it. */
  update(id: string, f: (w: PoseWork) => PoseWork): void;
}

/** Keeps each projector's placed points and solution while the technician moves between tabs (a zustand vanilla store). */
export type PoseStore = StoreApi<PoseWorkState>;

/** Makes an empty pose store. */
export function createPoseStore(): PoseStore {
  return createStore<PoseWorkState>()((set, get) => ({
    work: {},
    of: (id) => get().work[id] ?? EMPTY_POSE_WORK,
    update: (id, f) => set((s) => ({ work: { ...s.work, [id]: f(s.of(id)) } })),
  }));
}
