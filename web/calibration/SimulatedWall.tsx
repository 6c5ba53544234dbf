import { useEffect, useRef, useState } from 'react';
import * as THREE from 'three';
import { computeBlend } from '../../engine/core/blend/computeBlend.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import type { ContentAssets } from '../../engine/render/content/ContentCompositor.ts';
import { HallSimulator } from '../../engine/render/simulator/HallSimulator.ts';
import { scaleProfile } from '../visit/scaleProfile.ts';

/** Width of the simulated wall image, pixels (the unwrapped painting). */
export const SIMULATED_WALL_PX = 1024;
/** Longest side of each simulated projector, pixels (enough to see a double image; a software GPU keeps up). */
const SIMULATED_PROJECTOR_PX = 320;
const NO_ASSETS: ContentAssets = { image: () => null };

/**
 * The bumped hall as a visitor would see it (engine/render/simulator/HallSimulator): every projector's
 * calibrated output of the painting grid, thrown from its TRUE pose onto the unwrapped wall. Where a
 * bump is not repaired, the grid lines double in the blend zones. Drawn once per change (the working
 * profile or the truth), on its own canvas.
 */
export function SimulatedWall({ calibrated, truth }: { calibrated: Profile; truth: Profile }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [renderer, setRenderer] = useState<THREE.WebGLRenderer | null>(null);
  const [drawn, setDrawn] = useState(0);

  useEffect(() => {
    const r = new THREE.WebGLRenderer({ canvas: canvas.current!, antialias: false, preserveDrawingBuffer: true });
    r.setPixelRatio(1);
    r.outputColorSpace = THREE.LinearSRGBColorSpace;
    setRenderer(r);
    return () => r.dispose();
  }, []);

  useEffect(() => {
    if (!renderer) return;
    const cal = new Installation(scaleProfile(calibrated, SIMULATED_PROJECTOR_PX));
    const tru = new Installation(scaleProfile(truth, SIMULATED_PROJECTOR_PX));
    const sim = new HallSimulator(renderer, cal, computeBlend(cal), tru, null, NO_ASSETS, SIMULATED_WALL_PX);
    renderer.setSize(sim.width, sim.height, false);
    sim.render(null, 'paintingGrid', null);
    setDrawn((n) => n + 1);
    return () => sim.dispose();
  }, [renderer, calibrated, truth]);

  return <canvas ref={canvas} className="simulated-wall" aria-label="Simulated wall" data-drawn={drawn} style={{ width: '100%' }} />;
}
