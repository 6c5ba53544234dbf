import { Canvas, useThree } from '@react-three/fiber';
import { memo, useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import type { ProjectorModel } from '../../engine/core/geometry/ProjectorModel.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import { wallGeometry } from '../visit/WallView.ts';
import type { Landmark } from './landmarks.ts';

/** What the 3D hall view shows. */
export interface HallViewProps {
  readonly profile: Profile;
  readonly selectedId: string | null;
  readonly landmarks: readonly Landmark[];
  /** The landmark being placed, drawn larger. */
  readonly armedLandmarkId: string | null;
  readonly onSelect: (projectorId: string) => void;
}

const SELECTED = '#ffd23f';
const OTHER = '#3d8bfd';

/** A grid on the wall (every 1/24 of the painting across, every 1/6 up), drawn once into a texture. */
function gridTexture(): THREE.CanvasTexture {
  const c = document.createElement('canvas');
  c.width = 1536;
  c.height = 256;
  const g = c.getContext('2d')!;
  g.fillStyle = '#20242b';
  g.fillRect(0, 0, c.width, c.height);
  g.strokeStyle = '#59626e';
  g.lineWidth = 2;
  for (let i = 0; i <= 24; i++) {
    const x = (i / 24) * c.width;
    g.beginPath();
    g.moveTo(x, 0);
    g.lineTo(x, c.height);
    g.stroke();
  }
  for (let j = 0; j <= 6; j++) {
    const y = (j / 6) * c.height;
    g.beginPath();
    g.moveTo(0, y);
    g.lineTo(c.width, y);
    g.stroke();
  }
  const t = new THREE.CanvasTexture(c);
  t.colorSpace = THREE.SRGBColorSpace;
  return t;
}

/** The outline of a projector's image on the wall and the four corner rays (frustum lines), world points. */
export function frustumLines(inst: Installation, p: ProjectorModel, perEdge = 16): { outline: [number, number, number][]; rays: [number, number, number][] } {
  const outline: [number, number, number][] = [];
  const edge = (x0: number, y0: number, x1: number, y1: number) => {
    for (let i = 0; i < perEdge; i++) {
      const t = i / perEdge;
      const hit = inst.pixelToWall(p, x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
      if (hit) outline.push([...hit.point]);
    }
  };
  const { width: W, height: H } = p;
  edge(0, 0, W, 0);
  edge(W, 0, W, H);
  edge(W, H, 0, H);
  edge(0, H, 0, 0);
  if (outline.length > 0) outline.push(outline[0]!);
  const rays: [number, number, number][] = [];
  for (const [x, y] of [[0, 0], [W, 0], [W, H], [0, H]] as const) {
    const hit = inst.pixelToWall(p, x, y);
    if (!hit) continue;
    rays.push([...p.C], [...hit.point]);
  }
  return { outline, rays };
}

const lineGeo = (pts: [number, number, number][]) => new THREE.BufferGeometry().setFromPoints(pts.map((q) => new THREE.Vector3(...q)));

function Controls({ target }: { readonly target: THREE.Vector3 }) {
  const camera = useThree((s) => s.camera);
  const dom = useThree((s) => s.gl.domElement);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    const c = new OrbitControls(camera, dom);
    c.target.copy(target);
    c.update();
    c.addEventListener('change', () => invalidate());
    return () => c.dispose();
  }, [camera, dom, target, invalidate]);
  return null;
}

function Projector({ inst, model, selected, onSelect }: { inst: Installation; model: ProjectorModel; selected: boolean; onSelect: (id: string) => void }) {
  const { outline, rays } = useMemo(() => frustumLines(inst, model), [inst, model]);
  const colour = selected ? SELECTED : OTHER;
  const body = useMemo(() => {
    // Camera axes (rows of R: right, down, forward) as the body's basis: its long side across the image.
    const R = model.R;
    const m = new THREE.Matrix4().makeBasis(new THREE.Vector3(R[0], R[1], R[2]), new THREE.Vector3(-R[3]!, -R[4]!, -R[5]!), new THREE.Vector3(-R[6]!, -R[7]!, -R[8]!));
    return new THREE.Quaternion().setFromRotationMatrix(m);
  }, [model]);
  const rayGeo = useMemo(() => lineGeo(rays), [rays]);
  const outlineLine = useMemo(() => new THREE.Line(lineGeo(outline), new THREE.LineBasicMaterial({ color: colour })), [outline, colour]);
  useEffect(
    () => () => {
      rayGeo.dispose();
      outlineLine.geometry.dispose();
      (outlineLine.material as THREE.Material).dispose();
    },
    [rayGeo, outlineLine],
  );
  return (
    <group>
      <mesh position-x={model.C[0]} position-y={model.C[1]} position-z={model.C[2]} quaternion={body} onClick={(e) => (e.stopPropagation(), onSelect(model.id))}>
        <boxGeometry args={[0.5, 0.2, 0.4]} />
        <meshBasicMaterial color={colour} />
      </mesh>
      <lineSegments geometry={rayGeo}>
        <lineBasicMaterial color={colour} transparent opacity={selected ? 0.9 : 0.35} />
      </lineSegments>
      <primitive object={outlineLine} />
    </group>
  );
}

/**
 * The hall in 3D for the technician: the wall (cylinder or plane, with a grid), the platform, every
 * projector as a small body with its frustum lines and image outline on the wall (the selected one in
 * yellow; click a body to select it), and the landmarks. Orbit with the mouse, zoom with the wheel.
 * Draws on demand only (a changed profile or a moved view).
 */
export const HallView = memo(function HallView({ profile, selectedId, landmarks, armedLandmarkId, onSelect }: HallViewProps) {
  const inst = useMemo(() => new Installation(profile), [profile]);
  const wall = useMemo(() => wallGeometry(inst), [inst]);
  const texture = useMemo(() => gridTexture(), []);
  useEffect(() => () => texture.dispose(), [texture]);
  const eye = profile.hall.eyeM;
  const span = inst.surface.widthM;
  const target = useMemo(() => new THREE.Vector3(eye[0], eye[1], eye[2]), [eye]);
  const radius = profile.hall.surface.type === 'cylinder' ? profile.hall.surface.radiusM : span / 2;
  const points = useMemo(() => landmarks.map((l) => ({ l, p: inst.surface.pointAt(l.u, l.v) })), [landmarks, inst]);
  const platformY = Math.max(0, eye[1] - 1.6);
  return (
    <Canvas className="hall-view" frameloop="demand" dpr={1} flat gl={{ preserveDrawingBuffer: true, antialias: false }} camera={{ fov: 60, near: 0.05, far: 5000, position: [eye[0], eye[1] + radius * 1.2, eye[2] - radius * 1.6] }}>
      <Controls target={target} />
      <mesh geometry={wall}>
        <meshBasicMaterial map={texture} side={THREE.DoubleSide} />
      </mesh>
      <mesh position-x={eye[0]} position-y={platformY} position-z={eye[2]}>
        <cylinderGeometry args={[Math.max(0.5, radius * 0.3), Math.max(0.5, radius * 0.3), 0.1, 48]} />
        <meshBasicMaterial color="#3a3f46" />
      </mesh>
      {inst.projectors.map((p) => (
        <Projector key={p.id} inst={inst} model={p} selected={p.id === selectedId} onSelect={onSelect} />
      ))}
      {points.map(({ l, p }) => (
        <mesh key={l.id} position-x={p[0]} position-y={p[1]} position-z={p[2]}>
          <sphereGeometry args={[l.id === armedLandmarkId ? radius * 0.025 : radius * 0.012, 12, 8]} />
          <meshBasicMaterial color={l.id === armedLandmarkId ? '#ffd23f' : '#ff5fa2'} />
        </mesh>
      ))}
    </Canvas>
  );
});
