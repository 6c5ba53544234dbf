/**
 * GLSL ES 3.00 sources of the content compositor (RawShaderMaterial + GLSL3: three prepends only
 * `#version 300 es` and defines, so no colour management or tone mapping sneaks into linear light).
 */

const HEADER = /* glsl */ `
precision highp float;
precision highp int;
`;

/**
 * One unit quad serves every draw: uDst places it in painting space (a full-target light layer, or one
 * image tile), uView maps painting space onto the target, so texel centres land on u0 + s·(u1 − u0).
 */
export const CONTENT_VERTEX = /* glsl */ `${HEADER}
in vec3 position;
uniform vec4 uView; // painting-space box of the target: u0, v0, u1, v1
uniform vec4 uDst;  // painting-space box of this quad: u0, v0, u1, v1
out vec2 vUV;       // painting space
out vec2 vLocal;    // 0..1 across the quad, y up
void main() {
  vLocal = position.xy;
  vUV = mix(uDst.xy, uDst.zw, position.xy);
  vec2 st = (vUV - uView.xy) / (uView.zw - uView.xy);
  gl_Position = vec4(st * 2.0 - 1.0, 0.0, 1.0);
}
`;

/** Shared by both fragment shaders: seam-aware u distance and the region mask lookup. */
const COMMON = /* glsl */ `
uniform bool uWrap;      // full round wall: u wraps mod 1
uniform int uMaskMode;   // 0 no region, 1 sample uMask, 2 unknown region (mask 0)
uniform sampler2D uMask; // single channel, over uMaskBox
uniform vec4 uMaskBox;   // painting-space box of the mask: u0, v0, u1, v1

float wrapDelta(float d) { return uWrap ? d - floor(d + 0.5) : d; }

float maskAt(vec2 uv) {
  vec2 st = (uv - uMaskBox.xy) / (uMaskBox.zw - uMaskBox.xy);
  if (any(lessThan(st, vec2(0.0))) || any(greaterThan(st, vec2(1.0)))) return 0.0;
  return textureLod(uMask, st, 0.0).r;
}

float regionMask(vec2 uv) {
  if (uMaskMode == 0) return 1.0;
  if (uMaskMode == 2) return 0.0;
  if (!uWrap) return maskAt(uv);
  // Bring u into the box's first turn; a box wider than one turn also needs the next one.
  float u = uMaskBox.x + fract(uv.x - uMaskBox.x);
  float m = maskAt(vec2(u, uv.y));
  if (u + 1.0 <= uMaskBox.z) m = max(m, maskAt(vec2(u + 1.0, uv.y)));
  return m;
}

// 1 up to r·(1 − softness), smoothstep down to 0 at r; a hard step when softness is 0.
float softEdge(float d, float r, float softness) {
  float w = r * softness;
  if (w <= 0.0) return d <= r ? 1.0 : 0.0;
  float s = clamp((r - d) / w, 0.0, 1.0);
  return s * s * (3.0 - 2.0 * s);
}
`;

/** Integer-hashed 2-D fractal value noise for haze; uint arithmetic wraps mod 2^32 identically everywhere. */
const NOISE = /* glsl */ `
uniform uint uSeed;
uniform vec2 uCells;    // lattice cells per painting unit in u and v
uniform uint uPeriod;   // cells round the wall (0 = no wrap), so the smoke is seamless at u = 0/1
uniform uvec2 uOffInt;  // drift offset in cells, integer part (mod 2^32): precise at any show time
uniform vec2 uOffFrac;  // drift offset in cells, fractional part

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

/** Light layers: wash, soft disc (spot, flash, flicker), searchlight beam, haze shadow. */
export const LIGHT_FRAGMENT = /* glsl */ `${HEADER}
${COMMON}
${NOISE}
in vec2 vUV;
out vec4 fragColor;
uniform float uAspect;   // painting width / height: u units to wall heights
// EFFECT (a define, one program each): 0 wash, 1 disc, 2 beam, 3 haze. Software GL runs every branch
// whatever a uniform says, so one program with all four paid for the haze noise on every wash pixel.
uniform bool uMultiply;  // the layer multiplies: outside its mask it must leave the light as it is (× 1)
uniform vec3 uLight;     // colour × intensity × gain
uniform vec2 uCenter;    // disc centre or beam origin, painting space
uniform float uRadius;   // disc radius, wall heights
uniform float uSoftness;
uniform vec2 uDir;       // beam direction, unit vector in wall-height space
uniform float uHalfWidth; // beam half width, radians
uniform float uLength;   // beam length, wall heights
uniform float uHazeAmount; // intensity × gain
uniform vec3 uHazeColor;

vec2 wallDelta(vec2 uv, vec2 from) {
  return vec2(wrapDelta(uv.x - from.x) * uAspect, uv.y - from.y);
}

float beam(vec2 uv) {
  vec2 p = wallDelta(uv, uCenter);
  float along = dot(p, uDir);
  if (along <= 0.0) return 0.0;
  float across = abs(uDir.x * p.y - uDir.y * p.x);
  float angular = softEdge(atan(across, along), uHalfWidth, uSoftness);
  return angular * softEdge(along, uLength, 0.1 + 0.4 * uSoftness);
}

void main() {
  float m = regionMask(vUV);
  vec3 v;
#if EFFECT == 3
  {
    float a = clamp(uHazeAmount * fractalNoise(vUV), 0.0, 1.0);
    v = uMultiply ? mix(vec3(1.0), uHazeColor, a) : uHazeColor * a;
  }
#else
  {
    float shape = 1.0;
#if EFFECT == 1
    shape = softEdge(length(wallDelta(vUV, uCenter)), uRadius, uSoftness);
#elif EFFECT == 2
    shape = beam(vUV);
#endif
    v = uLight * shape;
  }
#endif
  fragColor = vec4(uMultiply ? mix(vec3(1.0), v, m) : v * m, 1.0);
}
`;

/** Image tiles: sRGB decode (unless WebGL already did), tint, alpha, and the output each blend expects. */
export const IMAGE_FRAGMENT = /* glsl */ `${HEADER}
${COMMON}
in vec2 vUV;
in vec2 vLocal;
out vec4 fragColor;
uniform sampler2D uTex;
uniform bool uTopAtT1;  // texture uploaded with flipY: the tile's top row sits at t = 1
uniform bool uDecode;   // sRGB bytes the GPU did not decode
uniform vec3 uTint;
uniform float uAlpha;   // opacity × gain
uniform bool uMultiply; // multiply and painting mode: output the factor mix(1, colour, alpha)

vec3 srgbToLinear(vec3 c) {
  return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(0.04045, c));
}

void main() {
  vec4 s = texture(uTex, vec2(vLocal.x, uTopAtT1 ? vLocal.y : 1.0 - vLocal.y));
  vec3 c = (uDecode ? srgbToLinear(s.rgb) : s.rgb) * uTint;
  float a = s.a * uAlpha * regionMask(vUV);
  fragColor = uMultiply ? vec4(mix(vec3(1.0), c, a), 1.0) : vec4(c * a, a);
}
`;
