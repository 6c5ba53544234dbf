/**
 * The capture page used by `npm run render` and `npm run simulate`: it renders exactly what a projector
 * emits (or what a visitor sees in the simulated hall) for documents handed to it, and returns PNGs.
 */
import * as THREE from 'three';
import { BlendCache } from '../../engine/core/blend/blendCache.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { formatProblem } from '../../engine/core/json/parseJsonText.ts';
import { parseProfileValue } from '../../engine/core/profile/parseProfile.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import { parseShowValue } from '../../engine/core/show/parseShow.ts';
import type { Show } from '../../engine/core/show/showSchema.ts';
import { TimelineEvaluator } from '../../engine/core/timeline/TimelineEvaluator.ts';
import { ImageAssets, projectorNeeds, type ContentNeed, type PyramidLoad } from '../../engine/render/content/ImageAssets.ts';
import type { PatternName } from '../../engine/render/output/outputShader.ts';
import { namedPattern } from '../../engine/render/output/outputPattern.ts';
import { ProjectorRenderer } from '../../engine/render/ProjectorRenderer.ts';
import { HallSimulator } from '../../engine/render/simulator/HallSimulator.ts';
import { measureOutput, type OutputMeasurements } from '../../engine/render/output/measureOutput.ts';
import { exposeForTests } from '../shared/testHooks.ts';

/** A render request: documents as parsed JSON (validated again here), a show time or a pattern. */
export interface RenderRequest {
  profile: unknown;
  show: unknown | null;
  t: number;
  pattern: PatternName;
  projectorIds: string[];
}

/** A simulation request: the calibrated profile, the true one, and the view width. */
export interface SimulateRequest {
  profile: unknown;
  trueProfile: unknown;
  show: unknown | null;
  t: number;
  pattern: PatternName;
  width: number;
}

/** One captured image. */
export interface Capture {
  id: string;
  width: number;
  height: number;
  pngBase64: string;
  /** Largest texture edge the page created while rendering it. */
  maxTexturePx: number;
}

let maxTexturePx = 0;
const blends = new BlendCache();
const canvas = document.createElement('canvas');
document.body.appendChild(canvas);
const renderer = new THREE.WebGLRenderer({ canvas, preserveDrawingBuffer: true, antialias: false, alpha: false });
renderer.setPixelRatio(1);
renderer.outputColorSpace = THREE.LinearSRGBColorSpace;
// Record every texture allocation: nothing may exceed the GPU limit (tiles instead).
const gl = renderer.getContext() as WebGL2RenderingContext;
const texImage2D = gl.texImage2D.bind(gl) as (...a: unknown[]) => void;
(gl as unknown as { texImage2D: (...a: unknown[]) => void }).texImage2D = (...a: unknown[]) => {
  if (typeof a[3] === 'number' && typeof a[4] === 'number') maxTexturePx = Math.max(maxTexturePx, a[3], a[4]);
  else if (a[5] && typeof (a[5] as { width?: number }).width === 'number') maxTexturePx = Math.max(maxTexturePx, (a[5] as { width: number }).width, (a[5] as { height: number }).height);
  texImage2D(...a);
};
const texStorage2D = gl.texStorage2D.bind(gl);
gl.texStorage2D = (target, levels, format, w, h) => {
  maxTexturePx = Math.max(maxTexturePx, w, h);
  texStorage2D(target, levels, format, w, h);
};

function must<T>(r: { ok: true; value: T } | { ok: false; problems: readonly { path: string; message: string; expected: string }[] }, what: string): T {
  if (!r.ok) throw new Error(`${what}: ${r.problems.map(formatProblem).join('; ')}`);
  return r.value;
}

async function capture(id: string, width: number, height: number): Promise<Capture> {
  const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { id, width, height, pngBase64: btoa(bin), maxTexturePx };
}

/** Parses the documents and loads the show's images; `needs` (the profile's, else all projectors') picks each painting pyramid's level and tiles. */
async function documents(profileJson: unknown, showJson: unknown | null, needs?: (inst: Installation) => ContentNeed[]) {
  const profile: Profile = must(parseProfileValue(profileJson), 'profile');
  const show: Show | null = showJson === null ? null : must(parseShowValue(showJson), 'show').show;
  const assets = new ImageAssets();
  const inst = new Installation(profile);
  if (show) await assets.preload(show, { needs: needs ? needs(inst) : projectorNeeds(inst), wrapsU: inst.surface.wrapsU });
  return { profile, show, assets };
}

async function renderProjectors(req: RenderRequest): Promise<{ captures: Capture[]; assetProblems: string[]; pyramids: PyramidLoad[] }> {
  const { profile, show, assets } = await documents(req.profile, req.show, (inst) => projectorNeeds(inst, req.projectorIds));
  const inst = new Installation(profile);
  const blend = blends.get(inst);
  const frame = show ? new TimelineEvaluator(show).evaluate(req.t) : null;
  const captures: Capture[] = [];
  for (const id of req.projectorIds) {
    maxTexturePx = 0;
    const pr = new ProjectorRenderer(renderer, inst, id, blend, show, assets);
    renderer.setSize(pr.model.width, pr.model.height, false);
    pr.setPattern(namedPattern(req.pattern));
    pr.render(req.pattern === 'content' ? frame : null);
    captures.push(await capture(id, pr.model.width, pr.model.height));
    pr.dispose();
  }
  return { captures, assetProblems: assets.problems, pyramids: assets.pyramids };
}

async function simulate(req: SimulateRequest): Promise<{ capture: Capture; assetProblems: string[] }> {
  // The unwrapped view cannot show a painting finer than about twice its own width.
  const { profile, show, assets } = await documents(req.profile, req.show, () => [{ box: { u0: 0, u1: 1, v0: 0, v1: 1 }, widthPx: 2 * req.width, heightPx: 1 }]);
  const truth = must(parseProfileValue(req.trueProfile), 'true profile');
  const inst = new Installation(profile);
  const blend = blends.get(inst);
  const frame = show ? new TimelineEvaluator(show).evaluate(req.t) : null;
  maxTexturePx = 0;
  const sim = new HallSimulator(renderer, inst, blend, new Installation(truth), show, assets, req.width);
  renderer.setSize(sim.width, sim.height, false);
  sim.render(frame, req.pattern);
  const result = await capture('view', sim.width, sim.height);
  sim.dispose();
  return { capture: result, assetProblems: assets.problems };
}

/** Benchmarks one projector's output frame against a plain blit (npm run bench). */
async function benchOutput(req: { profile: unknown; show: unknown; projectorId: string; times: number[] }): Promise<OutputMeasurements> {
  const { profile, show, assets } = await documents(req.profile, req.show, (inst) => projectorNeeds(inst, [req.projectorId]));
  const inst = new Installation(profile);
  const blend = blends.get(inst);
  const evaluator = new TimelineEvaluator(show!);
  const pr = new ProjectorRenderer(renderer, inst, req.projectorId, blend, show, assets);
  renderer.setSize(pr.model.width, pr.model.height, false);
  const frames = req.times.map((t) => evaluator.evaluate(t));
  pr.render(frames[0]!); // warm-up: shader compilation
  const target = new THREE.WebGLRenderTarget(pr.model.width, pr.model.height);
  const m = measureOutput(renderer, pr, frames, target.texture);
  target.dispose();
  pr.dispose();
  return m;
}

// How npm run render / simulate and the render bench drive this page (host/browser/pageSession.ts serves it from the Vite dev server).
exposeForTests('panorama', { renderProjectors, simulate, benchOutput });
exposeForTests('panoramaReady', true);
