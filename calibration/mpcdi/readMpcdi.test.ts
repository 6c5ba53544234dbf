import { encode } from 'fast-png';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MpcdiError } from './MpcdiDocument.ts';
import { mpcdiWarpAt, readMpcdi } from './readMpcdi.ts';
import { writeMpcdi } from './writeMpcdi.ts';

/** A 3 × 3 PFM built byte by byte: literal header, little-endian floats, rows from the BOTTOM of the grid up. */
function pfm3x3(topToBottom: readonly (readonly [number, number, number])[][]): Uint8Array {
  const header = 'PF\n3 3\n-1\n';
  const out = new Uint8Array(header.length + 27 * 4);
  for (let i = 0; i < header.length; i++) out[i] = header.charCodeAt(i);
  const view = new DataView(out.buffer, header.length);
  let k = 0;
  for (const row of [...topToBottom].reverse()) for (const px of row) for (const v of px) view.setFloat32(4 * k++, v, true);
  return out;
}

// Region coordinates (x right, y down) shown at output pixels x = 0, 100, 200 and y = 0, 50, 100 of a 200 × 100 projector.
const GRID: [number, number, number][][] = [
  [[0, 0, 0], [0.5, 0.0625, 0], [1, 0.125, 0]],
  [[0.0625, 0.5, 0], [0.5, 0.5, 0], [0.9375, 0.625, 0]],
  [[0, 1, 0], [0.5, 0.875, 0], [1, 1, 0]],
];

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<MPCDI profile="2d" geometry="1" color="1" version="2.0">
  <display>
    <buffer id="wall" Xresolution="1000" Yresolution="400">
      <region id="left" x="0.1" y="0.25" xsize="0.4" ysize="0.5" Xresolution="200" Yresolution="100"/>
    </buffer>
  </display>
  <files>
    <fileset region="left">
      <geometryWarpFile>
        <path>left.pfm</path>
        <geometricUnit>2D</geometricUnit>
        <interpolation>linear</interpolation>
        <originOf2DData>topLeft</originOf2DData>
      </geometryWarpFile>
      <alphaMap>
        <path>left_alpha.png</path>
        <componentDepth>1</componentDepth>
        <bitDepth>8</bitDepth>
        <gammaEmbedded>2.2</gammaEmbedded>
      </alphaMap>
    </fileset>
  </files>
</MPCDI>
`;

const ALPHA = encode({ width: 4, height: 2, data: Uint8Array.from([255, 255, 128, 0, 255, 255, 128, 0]), depth: 8, channels: 1 });

function handWritten(overrides: Record<string, Uint8Array | string | null> = {}): Uint8Array {
  const files: Record<string, Uint8Array | string | null> = { 'mpcdi.xml': XML, 'left.pfm': pfm3x3(GRID), 'left_alpha.png': ALPHA, ...overrides };
  const z: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(files)) if (v !== null) z[k] = typeof v === 'string' ? strToU8(v) : v;
  return zipSync(z);
}

function refusal(fn: () => unknown): MpcdiError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(MpcdiError);
    return err as MpcdiError;
  }
  throw new Error('expected a refusal');
}

describe('a hand-written 2d MPCDI file', () => {
  it('imports to exactly the warp values at the 9 grid points and bilinear values between them', () => {
    const { document, warnings } = readMpcdi(handWritten());
    expect(document.profile).toBe('2d');
    expect(document.buffers).toEqual([{ id: 'wall', xResolution: 1000, yResolution: 400 }]);
    const r = document.regions[0]!;
    expect([r.id, r.x, r.y, r.xSize, r.ySize, r.xResolution, r.yResolution]).toEqual(['left', 0.1, 0.25, 0.4, 0.5, 200, 100]);
    for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) expect(mpcdiWarpAt(r, i * 100, j * 50)).toEqual(GRID[j]![i]);
    // Between the samples: the centre of the top-left cell and the middle of the right edge's lower half.
    expect(mpcdiWarpAt(r, 50, 25)).toEqual([(0 + 0.5 + 0.0625 + 0.5) / 4, (0 + 0.0625 + 0.5 + 0.5) / 4, 0]);
    expect(mpcdiWarpAt(r, 200, 75)).toEqual([(0.9375 + 1) / 2, (0.625 + 1) / 2, 0]);
    expect(mpcdiWarpAt(r, 150, 0)).toEqual([0.75, 0.09375, 0]);
    // Alpha: 8-bit grey, gamma 2.2 stated.
    expect(r.alphaGamma).toBe(2.2);
    expect(r.alpha?.width).toBe(4);
    expect(r.alpha?.data[2]).toBeCloseTo(128 / 255, 7);
    expect(r.beta).toBeNull();
    // Grid aspect 2 = the projector's 200 × 100, values inside the box: read as inverse, and said so.
    expect(warnings.map((w) => w.code)).toEqual(['warpDirection']);
    expect(warnings[0]!.message).toMatch(/read as an inverse warp: /);
  });

  it('round-trips through writeMpcdi unchanged', () => {
    const first = readMpcdi(handWritten()).document;
    const again = readMpcdi(writeMpcdi(first)).document;
    expect(again.regions[0]!.warp.data).toEqual(first.regions[0]!.warp.data);
    expect(again.regions[0]!.alphaGamma).toBe(2.2);
    expect([...again.regions[0]!.alpha!.data]).toEqual([...first.regions[0]!.alpha!.data]);
  });
});

describe('writing', () => {
  it('region ids with XML specials and ids that make the same file name survive a write and read', () => {
    const first = readMpcdi(handWritten()).document;
    const r = first.regions[0]!;
    const doc = { ...first, regions: [{ ...r, id: 'a b & "c" <d>' }, { ...r, id: 'a_b_&_"c"_<d>' }] };
    const again = readMpcdi(writeMpcdi(doc)).document;
    expect(again.regions.map((q) => q.id)).toEqual(['a b & "c" <d>', 'a_b_&_"c"_<d>']);
    expect(again.regions[1]!.warp.data).toEqual(r.warp.data);
  });
});

describe('quirks from the field, read with a warning', () => {
  it('an XML not named mpcdi.xml is taken when it is the only one', () => {
    const { document, warnings } = readMpcdi(handWritten({ 'mpcdi.xml': null, 'Projector Setup.xml': XML }));
    expect(document.regions).toHaveLength(1);
    expect(warnings.find((w) => w.code === 'xmlName')?.message).toMatch(/"Projector Setup\.xml", not mpcdi\.xml/);
  });

  it('color="TBD"', () => {
    const { document, warnings } = readMpcdi(handWritten({ 'mpcdi.xml': XML.replace('color="1"', 'color="TBD"') }));
    expect(document.colorLevel).toBeNull();
    expect(warnings.find((w) => w.code === 'colorTbd')?.message).toMatch(/color="TBD"/);
  });

  it('an empty alpha map (0 bytes, no path, black everywhere, missing file) is taken as 1', () => {
    const zero = readMpcdi(handWritten({ 'left_alpha.png': new Uint8Array(0) }));
    expect(zero.document.regions[0]!.alpha).toBeNull();
    expect(zero.warnings.find((w) => w.code === 'alphaEmpty')?.message).toMatch(/left_alpha\.png is empty \(0 bytes\)/);
    const noPath = readMpcdi(handWritten({ 'mpcdi.xml': XML.replace('<path>left_alpha.png</path>', '<path></path>') }));
    expect(noPath.warnings.find((w) => w.code === 'alphaEmpty')?.message).toMatch(/region "left": <alphaMap> names no file/);
    const black = readMpcdi(handWritten({ 'left_alpha.png': encode({ width: 2, height: 2, data: new Uint8Array(4), depth: 8, channels: 1 }) }));
    expect(black.document.regions[0]!.alpha).toBeNull();
    expect(black.warnings.find((w) => w.code === 'alphaEmpty')?.message).toMatch(/black everywhere/);
    const missing = readMpcdi(handWritten({ 'left_alpha.png': null }));
    expect(missing.warnings.find((w) => w.code === 'fileMissing')?.message).toMatch(/alpha map "left_alpha\.png" of region "left" is not in the archive/);
  });

  it('NaN samples are reported and stay NaN', () => {
    const g = GRID.map((row) => row.map((p) => [...p] as [number, number, number]));
    g[0]![0] = [NaN, NaN, NaN];
    const { document, warnings } = readMpcdi(handWritten({ 'left.pfm': pfm3x3(g) }));
    expect(Number.isNaN(mpcdiWarpAt(document.regions[0]!, 0, 0)[0])).toBe(true);
    expect(mpcdiWarpAt(document.regions[0]!, 200, 100)).toEqual([1, 1, 0]);
    expect(warnings.find((w) => w.code === 'warpNaN')?.message).toMatch(/left\.pfm: 1 of 9 warp samples are NaN/);
  });
});

describe('forward and inverse warps', () => {
  // A 200 × 100 projector whose region is 300 × 100 buffer pixels: projector x = 1.2·a − 0.1 + 0.05·b, y = 1.1·b − 0.05.
  const F = (a: number, b: number): [number, number] => [1.2 * a - 0.1 + 0.05 * b, 1.1 * b - 0.05];
  const xml = XML.replace('xsize="0.4" ysize="0.5"', 'xsize="0.3" ysize="0.25"');
  function forwardPfm(cols: number, rows: number, f: (a: number, b: number) => [number, number]): Uint8Array {
    const header = `PF\n${cols} ${rows}\n-1.0\n`;
    const out = new Uint8Array(header.length + cols * rows * 12);
    for (let i = 0; i < header.length; i++) out[i] = header.charCodeAt(i);
    const view = new DataView(out.buffer, header.length);
    let k = 0;
    for (let fr = 0; fr < rows; fr++) {
      const j = rows - 1 - fr;
      for (let i = 0; i < cols; i++) {
        const [x, y] = f(i / (cols - 1), j / (rows - 1));
        view.setFloat32(4 * k++, x, true);
        view.setFloat32(4 * k++, y, true);
        view.setFloat32(4 * k++, 0, true);
      }
    }
    return out;
  }

  it('auto: values outside the box mean forward; the grid is inverted to output pixels exactly', () => {
    const { document, warnings } = readMpcdi(handWritten({ 'mpcdi.xml': xml, 'left.pfm': forwardPfm(7, 3, F) }));
    expect(warnings.find((w) => w.code === 'warpDirection')?.message).toMatch(/read as a forward warp: .* outside 0\.\.1/);
    const r = document.regions[0]!;
    for (const [a, b] of [[0.3, 0.4], [0.5, 0.5], [0.8, 0.2]] as const) {
      const [px, py] = F(a, b);
      const [ra, rb] = mpcdiWarpAt(r, px * 200, py * 100);
      expect(Math.abs(ra - a)).toBeLessThan(0.01);
      expect(Math.abs(rb - b)).toBeLessThan(0.01);
    }
  });

  it('auto: in-range values on a grid shaped like the region box mean forward; like the projector, inverse', () => {
    const inside = (a: number, b: number): [number, number] => [0.02 + 0.96 * a, 0.01 + 0.98 * b];
    const fwd = readMpcdi(handWritten({ 'mpcdi.xml': xml, 'left.pfm': forwardPfm(7, 3, inside) }));
    expect(fwd.warnings.find((w) => w.code === 'warpDirection')?.message).toMatch(/forward warp: the grid's aspect 3\.000 matches the region box/);
    const inv = readMpcdi(handWritten({ 'mpcdi.xml': xml, 'left.pfm': forwardPfm(5, 3, inside) }));
    expect(inv.warnings.find((w) => w.code === 'warpDirection')?.message).toMatch(/an inverse warp: the grid's aspect 2\.000 matches the projector/);
    // Asked explicitly, no guess is reported.
    const asked = readMpcdi(handWritten({ 'mpcdi.xml': xml, 'left.pfm': forwardPfm(5, 3, inside) }), { warpDirection: 'forward' });
    expect(asked.warnings.some((w) => w.code === 'warpDirection')).toBe(false);
  });
});

describe('refusals name the file in the ZIP and the XML element', () => {
  it('not a ZIP', () => {
    expect(refusal(() => readMpcdi(strToU8('<MPCDI profile="2d"/>'))).message).toMatch(/is not a ZIP archive/);
  });

  it('no XML', () => {
    expect(refusal(() => readMpcdi(handWritten({ 'mpcdi.xml': null }))).message).toMatch(/holds no XML file .*left\.pfm/);
  });

  it('an unsupported profile', () => {
    const e = refusal(() => readMpcdi(handWritten({ 'mpcdi.xml': XML.replace('profile="2d"', 'profile="sl"') })));
    expect(e.message).toBe('mpcdi.xml: <MPCDI profile>: profile "sl" is not supported (this engine reads the 2d and a3 profiles)');
  });

  it('a grid under 2 × 2', () => {
    const header = 'PF\n1 3\n-1.0\n';
    const b = new Uint8Array(header.length + 36);
    for (let i = 0; i < header.length; i++) b[i] = header.charCodeAt(i);
    expect(refusal(() => readMpcdi(handWritten({ 'left.pfm': b }))).message).toMatch(/^left\.pfm: the warp grid is 1 × 3 \(MPCDI asks for at least 2 × 2\)/);
  });

  it('a truncated PFM', () => {
    const p = pfm3x3(GRID);
    expect(refusal(() => readMpcdi(handWritten({ 'left.pfm': p.subarray(0, p.length - 12) }))).message).toMatch(/^left\.pfm: PFM data is truncated/);
  });

  it('a missing warp file, named with its path and element', () => {
    expect(refusal(() => readMpcdi(handWritten({ 'left.pfm': null }))).message).toMatch(/^left\.pfm: <fileset region="left"> <geometryWarpFile><path>: geometry warp "left\.pfm" is not in the archive/);
  });

  it('a bad attribute names the element and attribute', () => {
    expect(refusal(() => readMpcdi(handWritten({ 'mpcdi.xml': XML.replace('Xresolution="200"', 'Xresolution="wide"') }))).message).toBe(
      'mpcdi.xml: <region id="left">: attribute xResolution is "wide" (expected a number)',
    );
  });

  it('paths with ../, in the ZIP or in the XML', () => {
    expect(refusal(() => readMpcdi(handWritten({ '../evil.pfm': pfm3x3(GRID) }))).message).toMatch(/^\.\.\/evil\.pfm: path leaves the archive's folder/);
    const e = refusal(() => readMpcdi(handWritten({ 'mpcdi.xml': XML.replace('<path>left.pfm</path>', '<path>../left.pfm</path>') })));
    expect(e.message).toMatch(/^mpcdi\.xml: <fileset region="left"> <geometryWarpFile>: path "\.\.\/left\.pfm" leaves the archive/);
  });

  it('a ZIP bomb: sizes over the caps are refused before inflating, even when the header lies', () => {
    const zeros = zipSync({ 'mpcdi.xml': strToU8(XML), 'left.pfm': new Uint8Array(8 * 1024 * 1024) });
    expect(zeros.length).toBeLessThan(64 * 1024);
    expect(refusal(() => readMpcdi(zeros, { limits: { maxEntryBytes: 1024 * 1024 } })).message).toMatch(/^left\.pfm: unpacks to 8\.0 MiB, over the 1 MiB a file may have \(refused as a ZIP bomb\)/);
    expect(refusal(() => readMpcdi(zeros, { limits: { maxTotalBytes: 4 * 1024 * 1024 } })).message).toMatch(/more than 4 MiB \(refused as a ZIP bomb\)/);
    // Patch the central directory so a small entry claims 3 GiB: refused by the default caps, nothing inflated.
    const lying = handWritten();
    const view = new DataView(lying.buffer, lying.byteOffset, lying.byteLength);
    let patched = 0;
    for (let p = 0; p + 46 < lying.length; p++) {
      if (view.getUint32(p, true) === 0x02014b50) {
        view.setUint32(p + 24, 3 * 1024 * 1024 * 1024, true);
        patched++;
      }
    }
    expect(patched).toBe(3);
    expect(refusal(() => readMpcdi(lying)).message).toMatch(/unpacks to 3072\.0 MiB, over the 256 MiB a file may have/);
  });
});
