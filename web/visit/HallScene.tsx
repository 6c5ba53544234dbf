import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef, type RefObject } from 'react';
import * as THREE from 'three';
import { TimelineEvaluator } from '../../engine/core/timeline/TimelineEvaluator.ts';
import type { ContentAssets } from '../../engine/render/content/ContentCompositor.ts';
import { viewDirection, type LookView } from './lookView.ts';
import type { VisitDocuments, VisitSession } from './VisitSession.ts';
import { WallView, type WallViewOptions } from './WallView.ts';

/** One rendered frame, for the status line, tests and measurements. */
export interface FrameInfo {
  /** Show time drawn, seconds (null before a transport). */
  readonly showS: number | null;
  /** Main-thread time of the frame (simulator + 3D pass submitted), ms. */
  readonly cpuMs: number;
  /** rAF time of the frame, ms. */
  readonly atMs: number;
}

/** What the hall scene needs; `view` is a ref so looking around never re-mounts the simulator. */
export interface HallSceneProps {
  readonly session: VisitSession;
  readonly documents: VisitDocuments;
  readonly assets: ContentAssets;
  readonly view: RefObject<LookView>;
  /** The epoch show time is read at now: the conductor's (follow) or this page's (local), seconds. */
  readonly epochNow: () => number;
  /** Frames per second at most (the loop skips rAF ticks in between, and draws nothing when nothing changed). */
  readonly maxFps: number;
  readonly options: WallViewOptions;
  readonly onFrame?: (info: FrameInfo) => void;
}

const _dir = new THREE.Vector3();
const _at = new THREE.Vector3();

/**
 * The simulated hall seen from the platform, inside an R3F Canvas with `frameloop="never"`: its own rAF
 * loop advances the canvas at most `maxFps` times a second, and only when the show time, the blackout,
 * the documents or the view changed. Each frame evaluates the show at the time derived from the epoch
 * (never from counted frames), lets the hall simulator light the wall, and aims the camera.
 */
export function HallScene({ session, documents, assets, view, epochNow, maxFps, options, onFrame }: HallSceneProps) {
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera) as THREE.PerspectiveCamera;
  const advance = useThree((s) => s.advance);
  const size = useThree((s) => s.size);
  const evaluator = useMemo(() => new TimelineEvaluator(documents.show), [documents]);
  const wall = useMemo(() => new WallView(gl, documents.profile, documents.show, assets, options), [gl, documents, assets, options]);
  useEffect(() => () => wall.dispose(), [wall]);
  const drawn = useRef({ key: '', pendingShowS: null as number | null, startMs: 0 });

  useFrame(({ gl: renderer }) => {
    const st = session.getState();
    const showS = drawn.current.pendingShowS;
    wall.update(showS === null || st.blackout ? null : evaluator.evaluate(showS));
    const v = view.current;
    const eye = documents.profile.hall.eyeM;
    camera.position.set(eye[0], eye[1], eye[2]);
    const [dx, dy, dz] = viewDirection(v);
    camera.lookAt(_at.copy(camera.position).add(_dir.set(dx, dy, dz)));
    if (camera.fov !== v.fovDeg) {
      camera.fov = v.fovDeg;
      camera.updateProjectionMatrix();
    }
    renderer.setRenderTarget(null);
  });

  useEffect(() => {
    let raf = 0;
    let lastMs = -Infinity;
    const minIntervalMs = 1000 / Math.max(1, maxFps);
    drawn.current.key = ''; // a new simulator or size: draw at once
    const tick = (nowMs: number) => {
      raf = requestAnimationFrame(tick);
      // A little slack: a 60 Hz display asked for 30 fps must not drop to 20 because rAF runs early.
      if (nowMs - lastMs < minIntervalMs - 2) return;
      const st = session.getState();
      const showS = st.showTimeAt(epochNow());
      const v = view.current;
      const key = `${showS}|${st.blackout}|${documents.generation}|${v.azimuthDeg}|${v.elevationDeg}|${v.fovDeg}|${size.width}x${size.height}`;
      if (key === drawn.current.key) return;
      lastMs = nowMs;
      drawn.current.key = key;
      drawn.current.pendingShowS = showS;
      const t0 = performance.now();
      advance(nowMs);
      onFrame?.({ showS, cpuMs: performance.now() - t0, atMs: nowMs });
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [advance, session, epochNow, view, documents, maxFps, size, onFrame, wall]);

  return <primitive object={wall.mesh} />;
}
