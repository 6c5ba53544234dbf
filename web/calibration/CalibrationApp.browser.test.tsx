import { act } from 'react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import previewProfile from '../../calibration/profiles/preview-3.json';
import type { WarpGridConfig } from '../../engine/core/profile/profileSchema.ts';
import type { Command } from '../../engine/core/protocol/commands.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import { WarpGrid } from '../../engine/core/warp/WarpGrid.ts';
import { CalibrationApp } from './CalibrationApp.tsx';
import { landmarksOf } from './landmarks.ts';
import { createPoseStore } from './PoseStore.ts';
import { createSimulatorStore } from './SimulatorStore.ts';
import { mountPage, recordingSession, setUpPageTests } from '../../tests/support/calibrationPage.tsx';
import './calibration.css';

setUpPageTests();
let host: HTMLDivElement | null = null;

/** A page session fed as the conductor feeds it: documents of preview-3, then a status (locked or not); commands recorded and answered. */
function mount(locked = false, answer: (c: Command) => { ok: boolean; message: string } = () => ({ ok: true, message: 'done' })) {
  const { session, sent } = recordingSession(answer, { profile: previewProfile, locked });
  const sim = createSimulatorStore(session);
  const poses = createPoseStore();
  host = mountPage(<CalibrationApp session={session} api={async () => []} sim={sim} poses={poses} outputWidthCss={640} />);
  const canvas = host.querySelector<HTMLCanvasElement>('canvas.warp-view')!;
  return { session, sent, canvas, sim, poses };
}

const warpsSent = (sent: Command[], id = 'P01'): WarpGridConfig[] =>
  sent.flatMap((c) => (c.command === 'setProjector' && c.projectorId === id && c.patch.warp ? [c.patch.warp] : []));

/** Pointer event at output pixel (x, y) of the 1280 × 800 output shown 640 px wide (inside the view's margin). */
function pointer(canvas: HTMLCanvasElement, type: string, x: number, y: number): void {
  const r = canvas.getBoundingClientRect();
  const m = Number(canvas.dataset['margin']);
  canvas.dispatchEvent(new PointerEvent(type, { bubbles: true, pointerId: 1, clientX: r.left + m + x / 2, clientY: r.top + m + y / 2, button: 0, buttons: type === 'pointerup' ? 0 : 1 }));
}

const settle = () => new Promise((ok) => setTimeout(ok, 120));

describe('the calibration page warp editor', () => {
  it('drags a control point: the point\'s image follows the pointer and the final warp reaches the conductor', async () => {
    const { sent, canvas } = mount();
    expect(canvas.width).toBe(640 + 2 * Number(canvas.dataset['margin']));
    // Point 40 of the 9 × 9 grid is the image centre (640, 400).
    await act(async () => {
      pointer(canvas, 'pointerdown', 641, 401);
      for (let i = 1; i <= 10; i++) pointer(canvas, 'pointermove', 640 + 3 * i, 400 - 2 * i);
      pointer(canvas, 'pointerup', 670, 380);
      await settle();
    });
    const warps = warpsSent(sent);
    expect(warps.length).toBeGreaterThan(0);
    // Throttled: fewer sends than moves, and the last one carries the final position.
    expect(warps.length).toBeLessThan(10);
    const last = warps.at(-1)!;
    expect(last.cols).toBe(9);
    expect(last.offsetsPx[40]![0]).toBeCloseTo(30, 6);
    expect(last.offsetsPx[40]![1]).toBeCloseTo(-20, 6);
    expect(last.offsetsPx.filter(([dx, dy]) => dx !== 0 || dy !== 0)).toHaveLength(1);
    expect(host!.querySelector('[aria-label="Selected point"]')!.textContent).toContain('offset 30.00, -20.00 px');
  });

  it('nudges with the keys (1 px, 10 px with Shift, 0.1 px with Alt or Ctrl), Tab moves on, Ctrl+Z / Ctrl+Shift+Z undo and redo', async () => {
    const { sent, canvas } = mount();
    await act(async () => {
      pointer(canvas, 'pointerdown', 0, 0);
      pointer(canvas, 'pointerup', 0, 0);
    });
    canvas.focus();
    await userEvent.keyboard('{Tab}{ArrowRight}{ArrowRight}{Shift>}{ArrowDown}{/Shift}{Alt>}{ArrowLeft}{/Alt}{Control>}{ArrowUp}{/Control}');
    await act(settle);
    let last = warpsSent(sent).at(-1)!;
    expect(last.offsetsPx[1]![0]).toBeCloseTo(1.9, 9);
    expect(last.offsetsPx[1]![1]).toBeCloseTo(9.9, 9);
    expect(last.offsetsPx[0]).toEqual([0, 0]);
    // Focus stayed in the view (Tab was taken as "next point").
    expect(document.activeElement).toBe(canvas);
    await userEvent.keyboard('{Control>}z{/Control}{Control>}z{/Control}');
    await act(settle);
    last = warpsSent(sent).at(-1)!;
    expect(last.offsetsPx[1]![0]).toBeCloseTo(2, 9);
    expect(last.offsetsPx[1]![1]).toBeCloseTo(10, 9);
    await userEvent.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    await act(settle);
    last = warpsSent(sent).at(-1)!;
    expect(last.offsetsPx[1]![0]).toBeCloseTo(1.9, 9);
    // The buttons do the same.
    await act(async () => {
      host!.querySelector<HTMLButtonElement>('button[title="Ctrl+Z"]')!.click();
      await settle();
    });
    expect(warpsSent(sent).at(-1)!.offsetsPx[1]![0]).toBeCloseTo(2, 9);
  });

  it('resizes the grid keeping the warp\'s shape, and sends the resampled grid', async () => {
    const { session, sent, canvas } = mount();
    // Bend the warp: drag three points of the middle row.
    for (const [index, dx, dy] of [[38, 6, -4], [40, 12, 8], [42, -5, 3]] as const) {
      const x0 = ((index % 9) * 1280) / 8;
      const y0 = (Math.floor(index / 9) * 800) / 8;
      await act(async () => {
        pointer(canvas, 'pointerdown', x0, y0);
        pointer(canvas, 'pointermove', x0 + dx, y0 + dy);
        pointer(canvas, 'pointerup', x0 + dx, y0 + dy);
      });
    }
    await act(settle);
    const before = warpsSent(sent).at(-1)!;
    const cols = host!.querySelector<HTMLInputElement>('input[list="warp-sizes"]')!;
    await userEvent.fill(cols, '17');
    const rows = host!.querySelectorAll<HTMLInputElement>('input[list="warp-sizes"]')[1]!;
    await userEvent.fill(rows, '17');
    await act(async () => {
      [...host!.querySelectorAll('button')].find((b) => b.textContent === 'Resize grid')!.click();
      await settle();
    });
    const after = warpsSent(sent).at(-1)!;
    expect([after.cols, after.rows]).toEqual([17, 17]);
    // Every old point is a point of the new grid, with its offset unchanged: nothing is lost.
    for (let r = 0; r < 9; r++) for (let c = 0; c < 9; c++) {
      const [dx, dy] = after.offsetsPx[2 * r * 17 + 2 * c]!;
      expect(dx).toBeCloseTo(before.offsetsPx[r * 9 + c]![0], 6);
      expect(dy).toBeCloseTo(before.offsetsPx[r * 9 + c]![1], 6);
    }
    // In between, the finer spline follows the old surface (within 1 px of offsets up to 14 px).
    const a = new WarpGrid(1280, 800, before);
    const b = new WarpGrid(1280, 800, after);
    let worst = 0;
    for (let y = 0; y <= 800; y += 25) for (let x = 0; x <= 1280; x += 32) worst = Math.max(worst, Math.hypot(a.offset(x, y)[0] - b.offset(x, y)[0], a.offset(x, y)[1] - b.offset(x, y)[1]));
    expect(worst).toBeLessThan(1);
    // Undo brings the 9 × 9 grid back, as it was.
    await act(async () => {
      session.getState().dispatchWarp('P01', { type: 'undo' });
      await settle();
    });
    expect(warpsSent(sent).at(-1)).toEqual(before);
  });

  it('while locked, editing is off and says why; Unlock asks the conductor', async () => {
    const { sent, canvas } = mount(true);
    expect(host!.textContent).toContain('calibration is locked (show mode): press Unlock to calibrate');
    await act(async () => {
      pointer(canvas, 'pointerdown', 640, 400);
      pointer(canvas, 'pointermove', 700, 400);
      pointer(canvas, 'pointerup', 700, 400);
    });
    canvas.focus();
    await userEvent.keyboard('{ArrowRight}');
    await act(settle);
    expect(warpsSent(sent)).toHaveLength(0);
    const grid = [...host!.querySelectorAll('button')].find((b) => b.textContent === 'Grid')!;
    expect(grid.disabled).toBe(true);
    await act(async () => {
      [...host!.querySelectorAll('button')].find((b) => b.textContent === 'Unlock')!.click();
      await settle();
    });
    expect(sent).toContainEqual({ command: 'calibrationLock', locked: false });
  });

  it('a refused edit goes back to the conductor\'s value and the refusal is shown', async () => {
    const { session, canvas } = mount(false, (c) => (c.command === 'setProjector' ? { ok: false, message: 'setProjector: calibration is locked (show mode): unlock it in the calibration page' } : { ok: true, message: 'ok' }));
    await act(async () => {
      pointer(canvas, 'pointerdown', 640, 400);
      pointer(canvas, 'pointermove', 660, 400);
      pointer(canvas, 'pointerup', 660, 400);
      await settle();
    });
    expect(host!.textContent).toContain('setProjector: calibration is locked');
    expect(session.getState().projector('P01')!.warp).toBeUndefined();
  });
});

describe('the calibration page pose from points', () => {
  it('places landmarks where the bumped hall shows them, solves, shows residuals and applies the solved pose', async () => {
    const { session, sent, sim } = mount();
    session.getState().select('P02');
    sim.getState().bumpProjector({ projectorId: 'P02', yawDeg: 1, pitchDeg: 0.5, rollDeg: 0 });
    const before = sim.getState().atBump!.maxPx;
    expect(before).toBeGreaterThan(20);
    await act(async () => {
      [...host!.querySelectorAll<HTMLButtonElement>('[role="tab"]')].find((b) => b.textContent === 'Pose from points')!.click();
    });
    const canvas = host!.querySelector<HTMLCanvasElement>('canvas.warp-view.mode-pose')!;
    expect(canvas).not.toBeNull();
    // Where the technician sees each landmark: the output pixel whose light lands on it in the bumped hall.
    const truth = new Installation(sim.getState().truth!);
    const model = truth.projector('P02');
    const visible = landmarksOf(session.getState().profile).flatMap((l) => {
      const q = model.worldToUnwarpedPixel(truth.surface.pointAt(l.u, l.v));
      return q && q[0] > 20 && q[1] > 20 && q[0] < 1260 && q[1] < 780 ? [{ l, q }] : [];
    });
    expect(visible.length).toBeGreaterThanOrEqual(8);
    // Eight landmarks spread over the image, clicked to the nearest CSS pixel of the view (2 output px).
    const chosen = Array.from({ length: 8 }, (_, i) => visible[Math.floor((i * visible.length) / 8)]!).map(({ l, q }) => ({ l, q: [Math.round(q[0] / 2) * 2, Math.round(q[1] / 2) * 2] as const }));
    for (const { l, q } of chosen) {
      await act(async () => {
        [...host!.querySelectorAll<HTMLButtonElement>('ul.landmarks button')].find((b) => b.textContent === l.name)!.click();
      });
      await act(async () => {
        pointer(canvas, 'pointerdown', q[0], q[1]);
        pointer(canvas, 'pointerup', q[0], q[1]);
      });
    }
    const solveButton = [...host!.querySelectorAll('button')].find((b) => b.textContent?.startsWith('Solve'))!;
    expect(solveButton.textContent).toContain('8 of');
    await act(async () => solveButton.click());
    const solution = host!.querySelector('[aria-label="Pose solution"]')!;
    // Clicks to the nearest CSS pixel are up to 1 output px off: an RMS under a pixel, not zero.
    const rms = Number(solution.querySelector('.rms')!.textContent);
    expect(rms).toBeGreaterThan(0);
    expect(rms).toBeLessThan(1);
    expect(solution.querySelectorAll('tbody tr')).toHaveLength(8);
    await act(async () => {
      [...solution.querySelectorAll('button')].find((b) => b.textContent === 'Apply')!.click();
      await settle();
    });
    const poseSent = sent.flatMap((c) => (c.command === 'setProjector' && c.projectorId === 'P02' && c.patch.pose ? [c.patch.pose] : [])).at(-1)!;
    // Eight points on a curved wall fix the pose to a few tenths of a degree (position and angles trade a little).
    expect(Math.abs(poseSent.yawDeg - 1)).toBeLessThan(0.3);
    expect(Math.abs(poseSent.pitchDeg - 0.5)).toBeLessThan(0.3);
    // The simulated hall agrees: 69 painting px of misregistration drop to a few.
    const after = sim.getState().measureNow()!;
    expect(after.maxPx).toBeLessThan(5);
    console.log(`pose from ${chosen.length} points: RMS ${rms} px, misregistration ${before.toFixed(2)} → ${after.maxPx.toFixed(2)} painting px`);
  });
});

describe('the calibration page simulator', () => {
  // The recalibration updates the page from its own timers, as in a browser: no act() around those.
  beforeAll(() => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
  });
  afterAll(() => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  });

  it('bumps a projector, shows the misregistration per zone, and one-click recalibration (simulated camera) brings it back', async () => {
    const { session, sent, sim } = mount();
    session.getState().select('P02');
    await act(async () => {
      [...host!.querySelectorAll<HTMLButtonElement>('[role="tab"]')].find((b) => b.textContent === 'Simulator')!.click();
    });
    const buttonNamed = (text: string) => [...host!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === text)!;
    const tab = (name: string) => [...host!.querySelectorAll<HTMLButtonElement>('[role="tab"]')].find((b) => b.textContent === name)!;
    const yawField = () => host!.querySelector<HTMLInputElement>('.simulator input[type="number"]')!;
    await act(async () => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(yawField(), '0.9');
      yawField().dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => buttonNamed('Bump in the simulator').click());
    expect(sim.getState().bump?.yawDeg).toBe(0.9);
    // Leaving the tab and coming back shows the bump in force, not the defaults.
    await act(async () => tab('Warp').click());
    await act(async () => tab('Simulator').click());
    expect(yawField().value).toBe('0.9');
    const rows = [...host!.querySelectorAll('[aria-label="Misregistration per blend zone"] tbody tr')];
    expect(rows.map((r) => r.getAttribute('data-zone'))).toEqual(['P01|P02', 'P02|P03']);
    const before = Number(host!.querySelector('[aria-label="Worst misregistration now"]')!.textContent);
    expect(before).toBeGreaterThan(50);
    // P02 alone, to keep the test short.
    await act(async () => {
      const scope = [...host!.querySelectorAll('select')][1]!;
      scope.value = 'selected';
      scope.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await act(async () => buttonNamed('One-click recalibration').click());
    await vi.waitFor(() => expect(sim.getState().recalibration.report ?? sim.getState().recalibration.error).not.toBeNull(), { timeout: 60_000, interval: 200 });
    expect(sim.getState().recalibration.error).toBeNull();
    await act(settle);
    const report = host!.querySelector('[aria-label="Recalibration report"]')!;
    expect(report.textContent).toContain('Recalibrated P02 with the simulated camera');
    // Sent live: pose, lens and the residual warp of P02.
    const patches = sent.flatMap((c) => (c.command === 'setProjector' && c.projectorId === 'P02' ? [c.patch] : []));
    expect(patches.some((p) => p.pose !== undefined) && patches.some((p) => p.lens !== undefined) && patches.some((p) => p.warp !== undefined)).toBe(true);
    const after = sim.getState().measureNow()!;
    expect(after.maxPx).toBeLessThan(1.5);
    console.log(`one-click (P02, page camera): ${before.toFixed(2)} → ${after.maxPx.toFixed(2)} painting px in ${sim.getState().recalibration.report!.seconds.toFixed(1)} s`);
  });
});

describe('the simulated wall', () => {
  beforeAll(() => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
  });
  afterAll(() => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  });

  /** The wall canvas's pixels (WebGL, preserved drawing buffer), as RGBA bytes. */
  const pixels = (c: HTMLCanvasElement): Uint8ClampedArray => {
    const copy = document.createElement('canvas');
    copy.width = c.width;
    copy.height = c.height;
    const g = copy.getContext('2d')!;
    g.drawImage(c, 0, 0);
    return g.getImageData(0, 0, c.width, c.height).data;
  };

  it('shows the painting grid thrown from the true poses, and changes when the calibration is repaired', async () => {
    const { session, sim } = mount();
    session.getState().select('P02');
    [...host!.querySelectorAll<HTMLButtonElement>('[role="tab"]')].find((b) => b.textContent === 'Simulator')!.click();
    await vi.waitFor(() => expect(host!.textContent).toContain('Bump in the simulator'));
    [...host!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Bump in the simulator')!.click();
    await vi.waitFor(() => expect(host!.querySelector('input[type="checkbox"]')).not.toBeNull());
    host!.querySelector<HTMLInputElement>('.simulator input[type="checkbox"]')!.click();
    const wall = await vi.waitFor(() => {
      const c = host!.querySelector<HTMLCanvasElement>('canvas.simulated-wall');
      expect(Number(c?.dataset['drawn'] ?? 0)).toBeGreaterThan(0);
      return c!;
    }, { timeout: 30_000 });
    const bumped = pixels(wall);
    let lit = 0;
    for (let i = 0; i < bumped.length; i += 4) if (bumped[i]! + bumped[i + 1]! + bumped[i + 2]! > 30) lit++;
    // The painting grid lit by three projectors: a good part of the wall (a third here), not all of it.
    expect(lit / (bumped.length / 4)).toBeGreaterThan(0.2);
    expect(lit / (bumped.length / 4)).toBeLessThan(0.95);
    // Repair P02 with its true pose: the wall is drawn again, different where the images doubled.
    session.getState().edit('P02', { pose: sim.getState().truth!.projectors[1]!.pose });
    await vi.waitFor(() => expect(Number(wall.dataset['drawn'])).toBeGreaterThan(1), { timeout: 30_000 });
    const fixed = pixels(wall);
    let changed = 0;
    for (let i = 0; i < fixed.length; i += 4) if (Math.abs(fixed[i]! - bumped[i]!) + Math.abs(fixed[i + 1]! - bumped[i + 1]!) > 40) changed++;
    expect(changed).toBeGreaterThan(1000);
    expect(sim.getState().measureNow()!.maxPx).toBeLessThan(0.5);
  });
});
