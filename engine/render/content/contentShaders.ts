/**
 * GLSL ES 3.00 sources of the content compositor (RawShaderMaterial + GLSL3: three prepends only
 * `#version 300 es` and defines, so no colour management or tone mapping sneaks into linear light).
 */

/** Precision header of every content shader. */
export const HEADER = /* glsl */ `
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

/** Shared by every content fragment shader: seam-aware u distance, the region mask lookup, soft edges. */
export const COMMON = /* glsl */ `
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
