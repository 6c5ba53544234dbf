import type { LightProgram } from '../../core/light/effects/effectModule.ts';
import { COMMON, HEADER } from './contentShaders.ts';

/**
 * The GLSL of the light programs the effects name (engine/core/light/effects/: an effect's `program`).
 * Each snippet defines `vec3 effectLight(vec2 uv)`, the layer's light before its region mask, from the
 * uniforms its effect's `pack` writes. One program per snippet, never a uniform branch between them:
 * software GL runs every branch whatever a uniform says, so one program with all four paid for the
 * haze noise on every wash pixel.
 */

/** Integer-hashed 2-D fractal value noise for haze; uint arithmetic wraps mod 2^32 identically everywhere (engine/core/light/hazeNoise.ts). */
const NOISE = /* glsl */ `
uniform uint uSeed;
uniform vec2 uCells;    // lattice cells per painting unit in u and v
uniform uint uPeriod;   // cells round the wall (0 = no wrap), so the smoke is seamless at u = 0/1
uniform uvec2 uOffInt;  // drift offset in cells, integer part (mod 2^32): precise at any show time
uniform vec2 uOffFrac;  // drift offset in cells, fractional part
uniform float uHazeAmount; // intensity × gain
uniform vec3 uHazeColor;

uint lowbias32(uint x) {
  x ^= x >> 16; x *= 0x21f0aaadu;
  x ^= x >> 15; x *= 0x735a2d97u;
  x ^= x >> 15;
  return x;
}

float lattice(uint seed, uvec2 i) {
  uint h = lowbias32(seed ^ lowbias32(i.x ^ lowbias32(i.y + 0x68e31da4u)));
  return float(h >> 8u) * (1.0 / 16777216.0);
}

float fractalNoise(vec2 uv) {
  vec2 p = vec2((uWrap ? fract(uv.x) : uv.x) * uCells.x, uv.y * uCells.y) + uOffFrac;
  float sum = 0.0;
  float amp = 0.5;
  float norm = 0.0;
  for (int k = 0; k < 4; k++) {
    vec2 q = p * float(1 << k);
    vec2 fl = floor(q);
    vec2 f = q - fl;
    uvec2 i0 = uvec2(ivec2(fl)) + uOffInt * (1u << uint(k));
    uvec2 i1 = i0 + 1u;
    if (uPeriod > 0u) {
      uint period = uPeriod << uint(k);
      i0.x %= period;
      i1.x %= period;
    }
    uint seed = lowbias32(uSeed + uint(k) * 0x9e3779b9u);
    vec2 w = f * f * f * (f * (f * 6.0 - 15.0) + 10.0);
    float a = lattice(seed, i0);
    float b = lattice(seed, uvec2(i1.x, i0.y));
    float c = lattice(seed, uvec2(i0.x, i1.y));
    float d = lattice(seed, i1);
    sum += amp * mix(mix(a, b, w.x), mix(c, d, w.x), w.y);
    norm += amp;
    amp *= 0.5;
  }
  return sum / norm;
}
`;

/** Every program's effectLight, by the program name an effect module gives. */
export const LIGHT_PROGRAM_GLSL: Readonly<Record<LightProgram, string>> = {
  wash: /* glsl */ `
vec3 effectLight(vec2 uv) { return uLight; }
`,
  disc: /* glsl */ `
uniform vec2 uCenter;    // disc centre, painting space
uniform float uRadius;   // disc radius, wall heights
uniform float uSoftness;
vec3 effectLight(vec2 uv) { return uLight * softEdge(length(wallDelta(uv, uCenter)), uRadius, uSoftness); }
`,
  beam: /* glsl */ `
uniform vec2 uCenter;    // beam origin, painting space
uniform float uSoftness;
uniform vec2 uDir;       // beam direction, unit vector in wall-height space
uniform float uHalfWidth; // beam half width, radians
uniform float uLength;   // beam length, wall heights
vec3 effectLight(vec2 uv) {
  vec2 p = wallDelta(uv, uCenter);
  float along = dot(p, uDir);
  if (along <= 0.0) return vec3(0.0);
  float across = abs(uDir.x * p.y - uDir.y * p.x);
  float angular = softEdge(atan(across, along), uHalfWidth, uSoftness);
  return uLight * (angular * softEdge(along, uLength, 0.1 + 0.4 * uSoftness));
}
`,
  haze: /* glsl */ `${NOISE}
vec3 effectLight(vec2 uv) {
  float a = clamp(uHazeAmount * fractalNoise(uv), 0.0, 1.0);
  return uMultiply ? mix(vec3(1.0), uHazeColor, a) : uHazeColor * a;
}
`,
};

/** The fragment shader of one light program: its effectLight, masked by the layer's region. */
export function lightFragment(program: LightProgram): string {
  return /* glsl */ `${HEADER}
${COMMON}
in vec2 vUV;
out vec4 fragColor;
uniform float uAspect;   // painting width / height: u units to wall heights
uniform bool uMultiply;  // the layer multiplies: outside its mask it must leave the light as it is (× 1)
uniform vec3 uLight;     // colour × intensity × gain

vec2 wallDelta(vec2 uv, vec2 from) {
  return vec2(wrapDelta(uv.x - from.x) * uAspect, uv.y - from.y);
}
${LIGHT_PROGRAM_GLSL[program]}
void main() {
  float m = regionMask(vUV);
  vec3 v = effectLight(vUV);
  fragColor = vec4(uMultiply ? mix(vec3(1.0), v, m) : v * m, 1.0);
}
`;
}
