/**
 * The output pass, one fragment shader (DESIGN.md §4): output pixel → fine warp → projector ray
 * (intrinsics, lens shift, distortion, pose) → surface hit → painting uv → content → × blend weight →
 * black-level uplift → gamma encoding → dither. It mirrors the pure model in engine/core exactly
 * (ProjectorModel, WarpGrid, surfaces, computeBlend.sampleBlendWeight, blendCurve.upliftDrive); the
 * browser tests compare the two pixel by pixel.
 */

/** Test patterns drawn through the same pass as the content. */
export const PATTERNS = { content: 0, grid: 1, crosshair: 2, colorBars: 3, white: 4, black: 5, paintingGrid: 6 } as const;
/** A test pattern name. */
export type PatternName = keyof typeof PATTERNS;
/**
 * uPattern value of a Gray-code frame (axis, shift and inverse in uGray): pixel index i (column, or
 * row from the top) is white when (gray(i) >> (nbits − 1 − bit)) & 1, inverse swapping — the formula
 * of calibration/structured/grayCode.ts grayPixel, which the browser test compares pixel by pixel.
 */
export const GRAY_CODE_PATTERN = 7;

/** The full-screen triangle's vertex shader (clip-space positions as they are), shared with the hall simulator. */
export const OUTPUT_VERTEX = /* glsl */ `
in vec3 position;
void main() { gl_Position = vec4(position.xy, 0.0, 1.0); }
`;

/**
 * The output fragment shader. Four defines leave out code a projector does not use, because software
 * GL (SwiftShader) runs every branch of a shader whatever its uniforms say, so unused code costs every
 * pixel (with all four the pass took twice as long there); on a GPU they only save registers:
 * PATTERNS (test patterns and Gray-code frames), WARP (a non-identity warp grid), DISTORTION (k1 or k2
 * non-zero), SURFACE_PLANE (a flat wall; otherwise the cylinder). OutputPass keeps one compiled variant
 * per combination it has drawn, so switching back and forth never recompiles.
 */
export const OUTPUT_FRAGMENT = /* glsl */ `
precision highp float;
precision highp int;
precision highp sampler2D;

uniform vec2 uRes;          // output width, height (pixels)
uniform float uF;           // focal length, pixels
uniform vec2 uPP;           // principal point (cx, cy), pixels, y down
uniform vec2 uK;            // radial distortion k1, k2
uniform mat3 uCamToWorld;   // columns: right, down, forward
uniform vec3 uPos;          // lens centre, metres

uniform int uSurface;       // 0 cylinder, 1 plane
uniform vec4 uCyl;          // radius, bottom, top, span (radians)
uniform float uRef;         // azimuth of u = 0 (radians)
uniform bool uWrapU;
uniform vec3 uPlaneO;
uniform vec3 uPlaneE;
uniform vec3 uPlaneN;
uniform vec2 uPlaneSize;

uniform sampler2D uWarp;    // RG32F, cols × rows, image displacement in pixels
uniform ivec2 uWarpSize;
uniform bool uWarpOn;

uniform sampler2D uBlend;   // RG32F, gridW × gridH: R weight, G projector count
uniform ivec2 uBlendSize;
uniform bool uBlendOn;

uniform sampler2D uContent; // linear light over the painting-space box uRegion
uniform vec4 uRegion;       // u0, u1, v0, v1

uniform float uGamma;
uniform float uBeta;
uniform float uMaxN;
uniform vec3 uGains;
uniform int uPattern;
uniform bool uDither;
uniform float uPixelScale;  // projector pixels per fragment (1 for a real output; more for previews)
uniform ivec2 uGlyphs[8];
uniform int uGlyphCount;
uniform bool uRaw;          // calibration patterns: raw output pixels (no warp, blend, gains, gamma, dither)
uniform ivec3 uGray;        // Gray-code frame: axis (0 x, 1 y), shift (nbits − 1 − bit), inverse (0/1)

out vec4 fragColor;

const float PI = 3.141592653589793;
const float TAU = 6.283185307179586;

vec2 warpFetch(int c, int r) { return texelFetch(uWarp, ivec2(c, r), 0).rg; }

// Control point (c, r), extended linearly past the edges (as WarpGrid.at).
vec2 warpAt(int c, int r) {
  int cols = uWarpSize.x;
  int rows = uWarpSize.y;
  int cc = clamp(c, 0, cols - 1);
  int rr = clamp(r, 0, rows - 1);
  vec2 base = warpFetch(cc, rr);
  if (c == cc && r == rr) return base;
  int c2 = c < 0 ? min(1, cols - 1) : (c > cols - 1 ? max(cols - 2, 0) : cc);
  int r2 = r < 0 ? min(1, rows - 1) : (r > rows - 1 ? max(rows - 2, 0) : rr);
  vec2 inner = warpFetch(c2, r2);
  vec2 rowEdge = warpFetch(cc, r2);
  vec2 colEdge = warpFetch(c2, rr);
  if (c != cc && r != rr) return 2.0 * (2.0 * base - colEdge) - (2.0 * rowEdge - inner);
  if (c != cc) return 2.0 * base - colEdge;
  return 2.0 * base - rowEdge;
}

// Where output pixel p falls on a size.x × size.y grid stretched over the output (as
// engine/core/geometry/sampleGrid.ts gridCoord and gridCell): the cell, and the fraction across it.
vec2 gridPos(vec2 p, ivec2 size, out ivec2 cell) {
  vec2 n = vec2(size);
  vec2 g = clamp(p / uRes * (n - 1.0), vec2(0.0), n - 1.0);
  cell = min(ivec2(floor(g)), size - 2);
  return g - vec2(cell);
}

vec4 catmullRom(float t) {
  float t2 = t * t;
  float t3 = t2 * t;
  return vec4(-t3 + 2.0 * t2 - t, 3.0 * t3 - 5.0 * t2 + 2.0, -3.0 * t3 + 4.0 * t2 + t, t3 - t2) * 0.5;
}

vec2 warpOffset(vec2 p) {
  ivec2 cell;
  vec2 t = gridPos(p, uWarpSize, cell);
  int c = cell.x;
  int r = cell.y;
  vec4 wx = catmullRom(t.x);
  vec4 wy = catmullRom(t.y);
  vec2 sum = vec2(0.0);
  for (int j = 0; j < 4; j++) {
    vec2 row = wx.x * warpAt(c - 1, r - 1 + j) + wx.y * warpAt(c, r - 1 + j) + wx.z * warpAt(c + 1, r - 1 + j) + wx.w * warpAt(c + 2, r - 1 + j);
    sum += wy[j] * row;
  }
  return sum;
}

// Ray direction in world space for an unwarped pixel; w = 0 when the lens model has no ray there.
vec4 pixelRay(vec2 q) {
  vec2 xd = (q - uPP) / uF;
  vec2 xn = xd;
#ifdef DISTORTION
  if (uK.x != 0.0 || uK.y != 0.0) {
    float rd = length(xd);
    if (rd > 0.0) {
      float r = rd;
      for (int i = 0; i < 12; i++) {
        float r2 = r * r;
        float g = r * (1.0 + uK.x * r2 + uK.y * r2 * r2) - rd;
        float dg = 1.0 + 3.0 * uK.x * r2 + 5.0 * uK.y * r2 * r2;
        if (dg <= 0.0) return vec4(0.0);
        r -= g / dg;
      }
      xn = xd * (r / rd);
    }
  }
#endif
  return vec4(normalize(uCamToWorld * vec3(xn, 1.0)), 1.0);
}

// Painting uv of the wall point hit by the ray; z = 1 on a hit.
vec3 hitUV(vec3 o, vec3 d) {
#ifndef SURFACE_PLANE
  {
    float a = d.x * d.x + d.z * d.z;
    if (a < 1e-12) return vec3(0.0);
    float b = 2.0 * (o.x * d.x + o.z * d.z);
    float c = o.x * o.x + o.z * o.z - uCyl.x * uCyl.x;
    float disc = b * b - 4.0 * a * c;
    if (disc < 0.0) return vec3(0.0);
    float t = (-b + sqrt(disc)) / (2.0 * a);
    if (t <= 0.0) return vec3(0.0);
    vec3 p = o + d * t;
    float ang = mod(atan(p.z, p.x) - uRef, TAU);
    float u = ang / uCyl.w;
    if (uWrapU) { u = u >= 1.0 ? u - 1.0 : u; }
    else if (u > 1.0) { float before = (ang - TAU) / uCyl.w; if (-before < u - 1.0) u = before; }
    return vec3(u, (p.y - uCyl.y) / (uCyl.z - uCyl.y), 1.0);
  }
#else
  float denom = dot(d, uPlaneN);
  if (abs(denom) < 1e-12) return vec3(0.0);
  float t = dot(uPlaneO - o, uPlaneN) / denom;
  if (t <= 0.0) return vec3(0.0);
  vec3 p = o + d * t;
  return vec3(dot(p - uPlaneO, uPlaneE) / uPlaneSize.x, (p.y - uPlaneO.y) / uPlaneSize.y, 1.0);
#endif
}

// Bilinear blend weight and projector count (as computeBlend.sampleBlendWeight / sampleBlendCount):
// a smooth count keeps the black-level uplift free of steps at the overlap borders.
vec2 blendAt(vec2 p) {
  ivec2 cell;
  vec2 t = gridPos(p, uBlendSize, cell);
  int i = cell.x;
  int j = cell.y;
  float tx = t.x;
  float ty = t.y;
  vec2 a = texelFetch(uBlend, ivec2(i, j), 0).rg;
  vec2 b = texelFetch(uBlend, ivec2(i + 1, j), 0).rg;
  vec2 c = texelFetch(uBlend, ivec2(i, j + 1), 0).rg;
  vec2 d = texelFetch(uBlend, ivec2(i + 1, j + 1), 0).rg;
  return (a * (1.0 - tx) + b * tx) * (1.0 - ty) + (c * (1.0 - tx) + d * tx) * ty;
}

#ifdef PATTERNS
float glyphPixel(vec2 local, float scale) {
  // local: pixels from the top-left of the text box (integer division truncates toward zero: reject negatives first)
  if (local.x < 0.0 || local.y < 0.0) return 0.0;
  int col = int(floor(local.x / scale));
  int row = int(floor(local.y / scale));
  int ch = col / 6;
  int cx = col - ch * 6;
  if (row > 6 || cx > 4 || ch >= uGlyphCount) return 0.0;
  int bit = row * 5 + cx;
  ivec2 g = uGlyphs[ch];
  int word = bit < 20 ? g.x : g.y;
  int shift = bit < 20 ? bit : bit - 20;
  return float((word >> shift) & 1);
}

vec3 pattern(vec2 q, vec2 uv, bool onWall) {
  if (uPattern == 4) return vec3(1.0);
  if (uPattern == 5) return vec3(0.0);
  if (uPattern == 1) {
    vec2 m = mod(q, 64.0);
    float line = (m.x < 1.0 || m.y < 1.0) ? 1.0 : 0.0;
    vec2 mm = mod(q, 256.0);
    line = max(line, (mm.x < 3.0 || mm.y < 3.0) ? 1.0 : 0.0);
    float scale = floor(uRes.y / 40.0);
    vec2 box = vec2(float(uGlyphCount) * 6.0 - 1.0, 7.0) * scale;
    vec2 local = q - (uRes * 0.5 - box * 0.5);
    float text = glyphPixel(local, scale);
    return text > 0.0 ? vec3(1.0, 0.85, 0.1) : vec3(line);
  }
  if (uPattern == 2) {
    vec2 c = uRes * 0.5;
    float l = (abs(q.x - c.x) < 1.5 || abs(q.y - c.y) < 1.5) ? 1.0 : 0.0;
    float ring = abs(length(q - c) - uRes.y * 0.25) < 1.5 ? 1.0 : 0.0;
    float border = (q.x < 3.0 || q.y < 3.0 || q.x > uRes.x - 3.0 || q.y > uRes.y - 3.0) ? 1.0 : 0.0;
    return vec3(max(max(l, ring), border));
  }
  if (uPattern == 3) {
    int bar = int(floor(q.x / uRes.x * 8.0));
    vec3 bars[8] = vec3[8](vec3(1,1,1), vec3(1,1,0), vec3(0,1,1), vec3(0,1,0), vec3(1,0,1), vec3(1,0,0), vec3(0,0,1), vec3(0,0,0));
    return bars[clamp(bar, 0, 7)] * 0.75;
  }
  if (uPattern == 6) {
    if (!onWall) return vec3(0.0);
    float du = uWrapU ? 1.0 / 72.0 : 0.05;
    vec2 f = vec2(mod(uv.x, du) / du, mod(uv.y, 0.1) / 0.1);
    vec2 fw = fwidth(uv) / vec2(du, 0.1) * 1.5;
    float gl = (f.x < fw.x || f.x > 1.0 - fw.x || f.y < fw.y || f.y > 1.0 - fw.y) ? 1.0 : 0.0;
    return vec3(gl);
  }
  return vec3(0.0);
}
#endif

// 4×4 Bayer threshold by bit interleaving (no arrays: they are slow on software GL).
float bayer4(ivec2 p) {
  int x = p.x & 3;
  int y = p.y & 3;
  int v = x ^ y;
  int m = ((v & 1) << 3) | ((y & 1) << 2) | (v & 2) | ((y & 2) >> 1);
  return (float(m) + 0.5) / 16.0 - 0.5;
}

void main() {
  // Projector pixels: origin top-left, pixel centres at +0.5.
  vec2 p = vec2(gl_FragCoord.x * uPixelScale, uRes.y - gl_FragCoord.y * uPixelScale);
#ifdef PATTERNS
  if (uPattern == ${GRAY_CODE_PATTERN}) {
    int i = int(floor(uGray.x == 0 ? p.x : p.y));
    int gray = i ^ (i >> 1);
    int on = ((gray >> uGray.y) & 1) ^ uGray.z;
    fragColor = vec4(vec3(float(on)), 1.0);
    return;
  }
  if (uRaw && uPattern != 0 && uPattern != 6) {
    // The technician's patterns in raw output pixels: what the projector's panel shows, exactly.
    fragColor = vec4(pattern(p, vec2(0.0), false), 1.0);
    return;
  }
#endif
#ifdef WARP
  vec2 q = p - warpOffset(p);
#else
  vec2 q = p;
#endif
  vec4 ray = pixelRay(q);
  vec3 h = ray.w > 0.0 ? hitUV(uPos, ray.xyz) : vec3(0.0);
  bool onWall = h.z > 0.0 && h.x >= 0.0 && h.x <= 1.0 && h.y >= 0.0 && h.y <= 1.0;
  vec3 c;
#ifdef PATTERNS
  if (uPattern != 0) {
    c = pattern(q, h.xy, onWall);
  } else
#endif
  if (onWall) {
    float u = h.x;
    if (uWrapU) u += floor((uRegion.x + uRegion.y) * 0.5 - u + 0.5);
    vec2 st = vec2((u - uRegion.x) / (uRegion.y - uRegion.x), (h.y - uRegion.z) / (uRegion.w - uRegion.z));
    c = texture(uContent, st).rgb;
  } else {
    c = vec3(0.0);
  }
  c = clamp(c * uGains, 0.0, 1.0);
  vec2 bw = uBlendOn ? blendAt(p) : vec2(1.0, 1.0);
  float n = max(bw.y, 1.0);
  bool lit = onWall || (uPattern >= 1 && uPattern <= 3);
  // Black-level uplift: T = Nβ + (1 − Nβ)c, drive = w (T − nβ)/(1 − β) (engine/core/blend/blendCurve.ts).
  vec3 T = uMaxN * uBeta + (1.0 - uMaxN * uBeta) * c;
  vec3 drive = lit ? clamp(bw.x * (T - n * uBeta) / (1.0 - uBeta), 0.0, 1.0) : vec3(0.0);
  vec3 encoded = pow(drive, vec3(1.0 / uGamma));
  if (uDither) encoded += bayer4(ivec2(gl_FragCoord.xy)) / 255.0;
  fragColor = vec4(clamp(encoded, 0.0, 1.0), 1.0);
}
`;
