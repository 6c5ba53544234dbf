import * as THREE from 'three';
import type { FrameState } from '../../core/timeline/FrameState.ts';
import type { ProjectorRenderer } from '../ProjectorRenderer.ts';

/** Output-pass measurements of one projector, in the page that renders it. */
export interface OutputMeasurements {
  /** Median JS main-thread time to submit one full output frame (compose + output pass), ms. */
  readonly frameCpuMs: number;
  /** Median GPU (or, without timer queries, synchronised wall) time of the output pass alone, ms. */
  readonly outputPassMs: number;
  /** Median time of a plain textured blit at the same resolution, measured the same way, ms. */
  readonly blitMs: number;
  /** 1 when GPU timer queries were available, 0 when the times are synchronised wall times. */
  readonly timerQuery: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Measures a projector renderer against a plain blit of the same size, frame by frame, in the same
 * page and run (ratios, not absolute times, are what compare across machines).
 */
export function measureOutput(renderer: THREE.WebGLRenderer, pr: ProjectorRenderer, frames: readonly FrameState[], texture: THREE.Texture): OutputMeasurements {
  const gl = renderer.getContext() as WebGL2RenderingContext;
  const px = new Uint8Array(4);
  const sync = () => gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
  let timer = gl.getExtension('EXT_disjoint_timer_query_webgl2') as { TIME_ELAPSED_EXT: number } | null;

  const blitScene = new THREE.Scene();
  const blitMaterial = new THREE.MeshBasicMaterial({ map: texture, depthTest: false });
  const blit = new THREE.Mesh(new THREE.PlaneGeometry(2, 2), blitMaterial);
  blit.frustumCulled = false;
  blitScene.add(blit);
  const camera = new THREE.OrthographicCamera(-1, 1, 1, -1, 0, 1);

  const time = (draw: () => void): number => {
    if (timer) {
      const q = gl.createQuery()!;
      gl.beginQuery(timer.TIME_ELAPSED_EXT, q);
      draw();
      gl.endQuery(timer.TIME_ELAPSED_EXT);
      sync();
      const deadline = performance.now() + 200;
      while (!gl.getQueryParameter(q, gl.QUERY_RESULT_AVAILABLE) && performance.now() < deadline) sync();
      const ns = gl.getQueryParameter(q, gl.QUERY_RESULT_AVAILABLE) ? (gl.getQueryParameter(q, gl.QUERY_RESULT) as number) : 0;
      gl.deleteQuery(q);
      return ns / 1e6;
    }
    sync();
    const t0 = performance.now();
    draw();
    sync();
    return performance.now() - t0;
  };

  // Software GL (SwiftShader) exposes timer queries that always answer 0: fall back to wall time then.
  if (timer && !(time(() => pr.output.render(renderer)) > 0)) timer = null;

  const cpu: number[] = [];
  const output: number[] = [];
  const blits: number[] = [];
  for (const frame of frames) {
    sync();
    const t0 = performance.now();
    pr.render(frame);
    cpu.push(performance.now() - t0);
    sync();
    output.push(time(() => pr.output.render(renderer)));
    blits.push(
      time(() => {
        renderer.setRenderTarget(null);
        renderer.render(blitScene, camera);
      }),
    );
  }
  blit.geometry.dispose();
  blitMaterial.dispose();
  return { frameCpuMs: median(cpu), outputPassMs: median(output), blitMs: median(blits), timerQuery: timer ? 1 : 0 };
}
