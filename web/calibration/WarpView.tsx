import { useEffect, useRef } from 'react';
import { WarpGrid } from '../../engine/core/warp/WarpGrid.ts';
import { handlePx, warpActionForKey, type WarpAction, type WarpEditState } from './warpEditor.ts';

/** A marker drawn over the output image (landmark clicks, where the calibration puts a landmark). */
export interface ImageMarker {
  readonly x: number;
  readonly y: number;
  readonly label: string;
  /** clicked: placed by the technician; predicted: where the current calibration puts it; truth: where the simulated wall shows it. */
  readonly kind: 'clicked' | 'predicted' | 'truth';
}

/** What the mirrored output view shows and does. */
export interface WarpViewProps {
  readonly projectorId: string;
  readonly state: WarpEditState;
  /** 'warp': drag and nudge control points; 'pose': a click places the armed landmark. */
  readonly mode: 'warp' | 'pose';
  readonly disabled: boolean;
  readonly markers: readonly ImageMarker[];
  /** CSS width of the view, pixels (the height follows the output's aspect). */
  readonly widthCss: number;
  readonly onWarp: (action: WarpAction) => void;
  /** Pose mode: the technician clicked output pixel (x, y). */
  readonly onPick?: (x: number, y: number) => void;
}

/** Border round the image (CSS px), so edge and corner handles can be seen and grabbed whole. */
export const VIEW_MARGIN_CSS = 12;
/** How close (CSS px) a press must be to a handle to grab it. */
const GRAB_CSS_PX = 14;
const MARKER_COLOUR: Record<ImageMarker['kind'], string> = { clicked: '#ffd23f', predicted: '#3d8bfd', truth: '#ff5fa2' };

/**
 * The projector's output image mirrored in the page: its warp as a mesh (the image of a regular grid
 * after the warp, the way the output's grid pattern looks), the control points as handles, and
 * markers. Drag a handle with the mouse; arrows nudge the selected point (Shift 10 px, Alt/Ctrl
 * 0.1 px), Tab / Shift+Tab step through the points, Ctrl+Z / Ctrl+Shift+Z undo and redo.
 */
export function WarpView({ projectorId, state, mode, disabled, markers, widthCss, onWarp, onPick }: WarpViewProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { width: W, height: H } = state;
  const scale = widthCss / W;
  const heightCss = Math.round(H * scale);
  const M = VIEW_MARGIN_CSS;

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#111418';
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.translate(M, M);
    draw(ctx, state, scale, markers, mode, disabled);
  }, [state, scale, markers, mode, disabled, M]);

  const toPx = (e: { clientX: number; clientY: number }): [number, number] => {
    const r = canvas.current!.getBoundingClientRect();
    return [(e.clientX - r.left - M) / scale, (e.clientY - r.top - M) / scale];
  };
  const nearest = (x: number, y: number): { index: number; distCss: number } => {
    let best = { index: 0, distCss: Infinity };
    const n = state.grid.cols * state.grid.rows;
    for (let i = 0; i < n; i++) {
      const [hx, hy] = handlePx(state, i);
      const d = Math.hypot(hx - x, hy - y) * scale;
      if (d < best.distCss) best = { index: i, distCss: d };
    }
    return best;
  };

  return (
    <canvas
      ref={canvas}
      className={`warp-view mode-${mode}${disabled ? ' disabled' : ''}`}
      width={widthCss + 2 * M}
      height={heightCss + 2 * M}
      style={{ width: widthCss + 2 * M, height: heightCss + 2 * M }}
      tabIndex={0}
      role="application"
      aria-label={`Output of ${projectorId}: ${mode === 'warp' ? 'warp control points (drag, arrows nudge, Tab next point)' : 'click where the landmark appears'}`}
      data-output-width={W}
      data-output-height={H}
      data-margin={M}
      onPointerDown={(e) => {
        if (disabled) return;
        e.currentTarget.focus();
        const [x, y] = toPx(e);
        if (mode === 'pose') {
          onPick?.(x, y);
          return;
        }
        const hit = nearest(x, y);
        if (hit.distCss <= GRAB_CSS_PX) {
          capture(e.currentTarget, e.pointerId, true);
          onWarp({ type: 'dragStart', index: hit.index });
        } else {
          onWarp({ type: 'select', index: hit.index });
        }
      }}
      onPointerMove={(e) => {
        // The reducer ignores moves outside a drag; the render's state may lag a fast pointer.
        if (disabled || mode !== 'warp' || e.buttons === 0) return;
        const [x, y] = toPx(e);
        onWarp({ type: 'dragTo', x, y });
      }}
      onPointerUp={(e) => {
        capture(e.currentTarget, e.pointerId, false);
        onWarp({ type: 'dragEnd' });
      }}
      onKeyDown={(e) => {
        if (disabled || mode !== 'warp') return;
        const action = warpActionForKey(e);
        if (action === null) return;
        // Alt+arrows would navigate the page back, Tab would leave the view.
        e.preventDefault();
        onWarp(action);
      }}
    />
  );
}

/** Keeps a drag going outside the canvas; a pointer the browser does not know (a synthetic event) has no capture. */
function capture(el: HTMLCanvasElement, pointerId: number, on: boolean): void {
  try {
    if (on) el.setPointerCapture(pointerId);
    else if (el.hasPointerCapture(pointerId)) el.releasePointerCapture(pointerId);
  } catch {
    // not an active pointer: the drag works while it stays over the canvas
  }
}

function draw(ctx: CanvasRenderingContext2D, s: WarpEditState, scale: number, markers: readonly ImageMarker[], mode: 'warp' | 'pose', disabled: boolean): void {
  const { width: W, height: H } = s;
  ctx.fillStyle = '#050607';
  ctx.fillRect(0, 0, W * scale, H * scale);
  ctx.strokeStyle = '#3a3f46';
  ctx.strokeRect(-0.5, -0.5, W * scale + 1, H * scale + 1);
  // The warped mesh: where the image of a regular grid lands (output pixel p shows unwarped p − offset(p),
  // so the unwarped point q shows at warp(q)).
  const grid = new WarpGrid(W, H, s.grid);
  const lines = 16;
  const steps = 48;
  ctx.strokeStyle = disabled ? '#3a3f46' : '#7d8792';
  ctx.lineWidth = 1;
  for (let k = 0; k <= lines; k++) {
    for (const vertical of [false, true]) {
      ctx.beginPath();
      for (let i = 0; i <= steps; i++) {
        const a = (k / lines) * (vertical ? W : H);
        const b = (i / steps) * (vertical ? H : W);
        const [x, y] = grid.warp(vertical ? a : b, vertical ? b : a);
        if (i === 0) ctx.moveTo(x * scale, y * scale);
        else ctx.lineTo(x * scale, y * scale);
      }
      ctx.stroke();
    }
  }
  // Centre cross of the image, as the crosshair pattern shows it.
  const [cx, cy] = grid.warp(W / 2, H / 2);
  ctx.strokeStyle = '#e5484d';
  ctx.beginPath();
  ctx.moveTo(cx * scale - 10, cy * scale);
  ctx.lineTo(cx * scale + 10, cy * scale);
  ctx.moveTo(cx * scale, cy * scale - 10);
  ctx.lineTo(cx * scale, cy * scale + 10);
  ctx.stroke();
  if (mode === 'warp') {
    const n = s.grid.cols * s.grid.rows;
    for (let i = 0; i < n; i++) {
      const [x, y] = handlePx(s, i);
      const sel = i === s.selected;
      ctx.beginPath();
      ctx.arc(x * scale, y * scale, sel ? 7 : 4, 0, Math.PI * 2);
      ctx.fillStyle = sel ? '#ffd23f' : disabled ? '#555' : '#3d8bfd';
      ctx.fill();
      if (sel) {
        ctx.strokeStyle = '#000';
        ctx.stroke();
      }
    }
  }
  ctx.font = '12px system-ui, sans-serif';
  for (const m of markers) {
    const x = m.x * scale;
    const y = m.y * scale;
    ctx.strokeStyle = MARKER_COLOUR[m.kind];
    ctx.fillStyle = MARKER_COLOUR[m.kind];
    ctx.beginPath();
    if (m.kind === 'clicked') ctx.arc(x, y, 6, 0, Math.PI * 2);
    else {
      ctx.moveTo(x - 6, y - 6);
      ctx.lineTo(x + 6, y + 6);
      ctx.moveTo(x + 6, y - 6);
      ctx.lineTo(x - 6, y + 6);
    }
    ctx.stroke();
    if (m.kind === 'clicked') ctx.fillText(m.label, x + 8, y - 8);
  }
}
