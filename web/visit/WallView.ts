import * as THREE from 'three';
import { computeBlend } from '../../engine/core/blend/computeBlend.ts';
import { Installation } from '../../engine/core/geometry/Installation.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import type { Show } from '../../engine/core/show/showSchema.ts';
import type { FrameState } from '../../engine/core/timeline/FrameState.ts';
import type { ContentAssets } from '../../engine/render/content/ContentCompositor.ts';
import { HallSimulator } from '../../engine/render/simulator/HallSimulator.ts';
import { scaleProfile } from './scaleProfile.ts';

/** How finely the visit simulates the hall (both bound the work per frame on a software GPU). */
export interface WallViewOptions {
  /** Longest side of each simulated projector's output, pixels (default 320). */
  readonly projectorPx?: number;
  /** Width of the simulated wall image (the unwrapped painting), pixels (default 1536). */
  readonly wallPx?: number;
  /** Content texels per simulated projector pixel (default 0.5: light is soft, and the painting's detail is the wall's). */
  readonly contentScale?: number;
}

const WALL_VERTEX = /* glsl */ `
varying vec2 vUv;
void main() {
  vUv = uv;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}
`;

// The simulator's image is already encoded for viewing: shown as is, no tone mapping or colour conversion.
const WALL_FRAGMENT = /* glsl */ `
uniform sampler2D uWall;
varying vec2 vUv;
void main() { gl_FragColor = vec4(texture2D(uWall, vUv).rgb, 1.0); }
`;

/**
 * The wall of the simulated hall in 3D: the hall simulator (every projector's real output — content,
 * warp, blend, black level — thrown back onto the wall from its pose) renders the unwrapped wall into a
 * texture, and a mesh of the profile's surface (cylinder or plane, in hall coordinates) shows it to a
 * camera at the platform's eye point. Projectors are simulated at a reduced resolution (scaleProfile)
 * so a software GPU keeps up.
 */
export class WallView {
  /** The wall mesh, in hall coordinates (add it to the scene). */
  readonly mesh: THREE.Mesh;
  /** The installation being simulated (scaled projectors). */
  readonly installation: Installation;
  readonly simulator: HallSimulator;
  private readonly target: THREE.WebGLRenderTarget;
  private readonly material: THREE.ShaderMaterial;

  constructor(
    private readonly renderer: THREE.WebGLRenderer,
    profile: Profile,
    show: Show | null,
    assets: ContentAssets,
    options: WallViewOptions = {},
  ) {
    this.installation = new Installation(scaleProfile(profile, options.projectorPx ?? 320));
    const blend = computeBlend(this.installation);
    this.simulator = new HallSimulator(renderer, this.installation, blend, this.installation, show, assets, options.wallPx ?? 1536, options.contentScale ?? 0.5);
    this.target = new THREE.WebGLRenderTarget(this.simulator.width, this.simulator.height, {
      type: THREE.UnsignedByteType,
      depthBuffer: false,
      minFilter: THREE.LinearFilter,
      magFilter: THREE.LinearFilter,
      generateMipmaps: false,
    });
    this.material = new THREE.ShaderMaterial({ vertexShader: WALL_VERTEX, fragmentShader: WALL_FRAGMENT, uniforms: { uWall: { value: this.target.texture } }, side: THREE.DoubleSide, toneMapped: false });
    this.mesh = new THREE.Mesh(wallGeometry(this.installation), this.material);
    this.mesh.frustumCulled = false;
  }

  /** Lights the wall with `frame` (or black with the projectors on, when null: a blackout). */
  update(frame: FrameState | null): void {
    this.simulator.render(frame, frame ? 'content' : 'black', this.target);
    this.renderer.setRenderTarget(null);
  }

  dispose(): void {
    this.simulator.dispose();
    this.target.dispose();
    this.material.dispose();
    this.mesh.geometry.dispose();
  }
}

/** The painted wall as a mesh with painting uv: a cylinder in 1° columns, or a plane. */
export function wallGeometry(inst: Installation): THREE.BufferGeometry {
  const hall = inst.profile.hall.surface;
  const cols = hall.type === 'cylinder' ? Math.max(2, Math.ceil(hall.spanDeg ?? 360)) : 1;
  const positions: number[] = [];
  const uvs: number[] = [];
  for (let i = 0; i <= cols; i++) {
    const u = i / cols;
    for (const v of [0, 1]) {
      positions.push(...inst.surface.pointAt(u, v));
      uvs.push(u, v);
    }
  }
  const index: number[] = [];
  for (let i = 0; i < cols; i++) {
    const a = 2 * i;
    index.push(a, a + 2, a + 1, a + 1, a + 2, a + 3);
  }
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.Float32BufferAttribute(positions, 3));
  g.setAttribute('uv', new THREE.Float32BufferAttribute(uvs, 2));
  g.setIndex(index);
  return g;
}
