import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent, type RefObject, type WheelEvent as ReactWheelEvent } from 'react';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import { dragView, keyView, viewToward, wheelView, type LookView } from './lookView.ts';

/** Where the visitor looks, and the handlers that move it (drag on the stage, wheel, arrow keys anywhere but a field). */
export interface LookAround {
  /** The view as rendered in the DOM (null before the first profile). */
  readonly view: LookView | null;
  /** The same view as a ref, read by the hall scene each frame without re-mounting it. */
  readonly viewRef: RefObject<LookView>;
  /** Pointer and wheel handlers for the stage element. */
  readonly stage: {
    onPointerDown(e: ReactPointerEvent<HTMLDivElement>): void;
    onPointerMove(e: ReactPointerEvent<HTMLDivElement>): void;
    onPointerUp(): void;
    onPointerCancel(): void;
    onWheel(e: ReactWheelEvent<HTMLDivElement>): void;
  };
}

/**
 * Looking around from the platform: the first view of a profile faces the middle of the painting
 * (unless `initial` says otherwise); drag, wheel and arrow keys move it (lookView.ts holds the maths).
 */
export function useLookAround(profile: Profile | null, initial: Partial<LookView> | undefined): LookAround {
  const [view, setView] = useState<LookView | null>(null);
  const viewRef = useRef<LookView>({ azimuthDeg: 0, elevationDeg: 0, fovDeg: 60 });
  const drag = useRef<{ id: number; x: number; y: number } | null>(null);

  // The first view of a profile: toward the middle of the painting, unless the address says otherwise.
  useEffect(() => {
    if (!profile || view) return;
    const inst = new Installation(profile);
    const toward = viewToward(profile.hall.eyeM, inst.surface.pointAt(0.5, 0.5), 60);
    const v = { ...toward, ...initial };
    viewRef.current = v;
    setView(v);
  }, [profile, view, initial]);

  const look = useCallback((next: LookView | null) => {
    if (!next) return false;
    viewRef.current = next;
    setView(next);
    return true;
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
      if (look(keyView(viewRef.current, e.key, e.shiftKey))) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [look]);

  const onPointerUp = () => {
    drag.current = null;
  };
  const stage = {
    onPointerDown: (e: ReactPointerEvent<HTMLDivElement>) => {
      drag.current = { id: e.pointerId, x: e.clientX, y: e.clientY };
      e.currentTarget.setPointerCapture(e.pointerId);
    },
    onPointerMove: (e: ReactPointerEvent<HTMLDivElement>) => {
      const d = drag.current;
      if (!d || d.id !== e.pointerId) return;
      look(dragView(viewRef.current, e.clientX - d.x, e.clientY - d.y, e.currentTarget.clientHeight));
      drag.current = { id: d.id, x: e.clientX, y: e.clientY };
    },
    onPointerUp,
    onPointerCancel: onPointerUp,
    onWheel: (e: ReactWheelEvent<HTMLDivElement>) => void look(wheelView(viewRef.current, e.deltaY)),
  };
  return { view, viewRef, stage };
}
