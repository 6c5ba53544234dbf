import { OUTPUT_VERTEX } from '../output/outputShader.ts';

/** Shaders of the hall simulator: light each painting pixel from a projector's TRUE optics, then encode for viewing. */

/** The full-screen triangle, as the output pass draws it. */
export const SIM_VERTEX = OUTPUT_VERTEX;

/** Adds one projector's light to the painting view (additive blending). */
export const SIM_LIGHT_FRAGMENT = /* glsl */ `
precision highp float;
precision highp sampler2D;
uniform vec2 uView;          // painting view size, pixels
uniform sampler2D uEmitted;  // what the projector emits (its output pass), 8-bit encoded
uniform vec2 uRes;           // projector resolution
uniform float uF;
uniform vec2 uPP;
uniform vec2 uK;
uniform mat3 uWorldToCam;    // rows: right, down, forward (true pose)
uniform vec3 uPos;
uniform int uSurface;        // 0 cylinder, 1 plane
uniform vec4 uCyl;           // radius, bottom, top, span
uniform float uRef;
uniform vec3 uPlaneO;
uniform vec3 uPlaneE;
uniform vec2 uPlaneSize;
uniform float uGamma;
uniform float uBeta;
out vec4 fragColor;

vec3 wallPoint(vec2 uv) {
  if (uSurface == 0) {
    float th = uRef + uv.x * uCyl.w;
    return vec3(uCyl.x * cos(th), uCyl.y + uv.y * (uCyl.z - uCyl.y), uCyl.x * sin(th));
  }
  return uPlaneO + uPlaneE * uv.x * uPlaneSize.x + vec3(0.0, uv.y * uPlaneSize.y, 0.0);
}

void main() {
  vec2 uv = gl_FragCoord.xy / uView;
  vec3 cam = uWorldToCam * (wallPoint(uv) - uPos);
  if (cam.z <= 1e-6) discard;
  vec2 xn = cam.xy / cam.z;
  float r2 = dot(xn, xn);
  vec2 xd = xn * (1.0 + uK.x * r2 + uK.y * r2 * r2);
  vec2 px = uF * xd + uPP;
  if (px.x < 0.0 || px.y < 0.0 || px.x > uRes.x || px.y > uRes.y) discard;
  vec3 encoded = texture(uEmitted, vec2(px.x / uRes.x, 1.0 - px.y / uRes.y)).rgb;
  vec3 light = uBeta + (1.0 - uBeta) * pow(encoded, vec3(uGamma));
  fragColor = vec4(light, 1.0);
}
`;

/**
 * Encodes the accumulated linear light for viewing (sRGB). The design white (1.0) maps to 0.85 so that
 * too much light (a doubled overlap) stays visible instead of clipping.
 */
export const SIM_ENCODE_FRAGMENT = /* glsl */ `
precision highp float;
precision highp sampler2D;
uniform sampler2D uLight;
uniform sampler2D uReflect;  // a painted canvas's reflectance (linear), same view as uLight
uniform bool uPainted;       // false: a blank screen, the view is the light alone
uniform vec2 uView;
out vec4 fragColor;
vec3 srgb(vec3 c) {
  c = clamp(c, 0.0, 1.0);
  return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, c));
}
void main() {
  vec2 st = gl_FragCoord.xy / uView;
  vec3 light = texture(uLight, st).rgb;
  if (uPainted) light *= texture(uReflect, st).rgb;
  fragColor = vec4(srgb(light * 0.85), 1.0);
}
`;
