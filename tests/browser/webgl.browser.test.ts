import { describe, expect, it } from 'vitest';

describe('the browser test runtime', () => {
  it('has WebGL2 (SwiftShader) and reads pixels back', () => {
    const canvas = document.createElement('canvas');
    canvas.width = 16;
    canvas.height = 16;
    const gl = canvas.getContext('webgl2', { preserveDrawingBuffer: true });
    expect(gl, 'WebGL2 is required: run Chromium with --use-angle=swiftshader --enable-unsafe-swiftshader').not.toBeNull();
    if (!gl) return;
    gl.clearColor(1, 0.5, 0.25, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    const px = new Uint8Array(4);
    gl.readPixels(8, 8, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
    expect(Math.abs(px[0]! - 255)).toBeLessThanOrEqual(1);
    expect(Math.abs(px[1]! - 128)).toBeLessThanOrEqual(1);
    expect(Math.abs(px[2]! - 64)).toBeLessThanOrEqual(1);
    expect(px[3]).toBe(255);
    // Everything above this size must be tiled (painting scans are far larger).
    expect(gl.getParameter(gl.MAX_TEXTURE_SIZE)).toBeGreaterThanOrEqual(4096);
  });
});
