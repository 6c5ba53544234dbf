import { strFromU8 } from 'fflate';
import type { Vec3 } from '../../engine/core/geometry/vec3.ts';
import { decodeDataMap } from './dataMap.ts';
import {
  MpcdiError,
  type MpcdiBuffer,
  type MpcdiCoordinateFrame,
  type MpcdiDataMap,
  type MpcdiDocument,
  type MpcdiFrustum,
  type MpcdiProfileKind,
  type MpcdiRegion,
  type MpcdiWarning,
  type MpcdiWarp,
} from './MpcdiDocument.ts';
import { readPfm } from './pfm.ts';
import { unsafeZipPath, unzipLimited, type ZipLimits } from './safeZip.ts';
import { decideWarpDirection, invertForwardWarp, type WarpDirection } from './warpDirection.ts';
import { attr, child, childrenNamed, parseXml, type XmlNode } from './xmlTree.ts';

/** Options for reading an MPCDI file. */
export interface ReadMpcdiOptions {
  /** How 2d warps are stored (default 'auto': decided per region and reported). */
  readonly warpDirection?: WarpDirection;
  /** Caps on the unpacked size (default 256 MiB a file, 1 GiB in all). */
  readonly limits?: ZipLimits;
}

/** A read file and what the technician should know about it. */
export interface ReadMpcdiResult {
  readonly document: MpcdiDocument;
  readonly warnings: readonly MpcdiWarning[];
}

const PROFILES: readonly string[] = ['2d', 'a3'];

function num(node: XmlNode, name: string, where: string, file: string): number {
  const s = attr(node, name);
  const v = s === undefined ? NaN : Number(s);
  if (s === undefined || s.trim() === '' || !Number.isFinite(v)) {
    throw new MpcdiError(`attribute ${name} is ${s === undefined ? 'missing' : `"${s}"`} (expected a number)`, file, where);
  }
  return v;
}

function childNum(node: XmlNode, name: string, where: string, file: string): number {
  const c = child(node, name);
  const v = c === undefined ? NaN : Number(c.text);
  if (c === undefined || c.text === '' || !Number.isFinite(v)) {
    throw new MpcdiError(`<${name}> is ${c === undefined ? 'missing' : `"${c.text}"`} (expected a number)`, file, where);
  }
  return v;
}

function readFrustum(node: XmlNode, where: string, file: string): MpcdiFrustum {
  const w = `${where} <frustum>`;
  return {
    yawDeg: childNum(node, 'yaw', w, file),
    pitchDeg: childNum(node, 'pitch', w, file),
    rollDeg: childNum(node, 'roll', w, file),
    leftDeg: childNum(node, 'leftAngle', w, file),
    rightDeg: childNum(node, 'rightAngle', w, file),
    upDeg: childNum(node, 'upAngle', w, file),
    downDeg: childNum(node, 'downAngle', w, file),
  };
}

function readFrame(node: XmlNode, where: string, file: string): MpcdiCoordinateFrame {
  const w = `${where} <coordinateFrame>`;
  const v = (p: string): Vec3 => [childNum(node, `${p}x`, w, file), childNum(node, `${p}y`, w, file), childNum(node, `${p}z`, w, file)];
  return { pos: v('pos'), yaw: v('yaw'), pitch: v('pitch'), roll: v('roll') };
}

/**
 * Reads an .mpcdi file (a ZIP) into a document. Tolerant of the quirks found in the field, each one
 * reported as a warning: the XML not named mpcdi.xml, color="TBD", empty or missing alpha maps
 * (treated as 1), 1- or 3-channel 8- or 16-bit PNG maps, NaN in warps, forward or inverse 2d warps.
 * Refuses with an MpcdiError naming the file in the ZIP and the XML element or attribute: not a ZIP,
 * no XML, an unsupported profile, a warp grid under 2 × 2, a truncated PFM, a ZIP bomb, paths with "..".
 */
export function readMpcdi(bytes: Uint8Array, options: ReadMpcdiOptions = {}): ReadMpcdiResult {
  const warnings: MpcdiWarning[] = [];
  const files = unzipLimited(bytes, options.limits);
  const xmlNames = [...files.keys()].filter((n) => n.toLowerCase().endsWith('.xml'));
  let xmlName = xmlNames.find((n) => n.split('/').pop()!.toLowerCase() === 'mpcdi.xml');
  if (xmlName === undefined) {
    if (xmlNames.length === 0) throw new MpcdiError(`the archive holds no XML file (expected mpcdi.xml; it holds ${[...files.keys()].join(', ') || 'nothing'})`);
    if (xmlNames.length > 1) throw new MpcdiError(`the archive holds no mpcdi.xml but several XML files (${xmlNames.join(', ')}): cannot tell which describes the display`);
    xmlName = xmlNames[0]!;
    warnings.push({ code: 'xmlName', file: xmlName, message: `the description is named "${xmlName}", not mpcdi.xml as the standard asks; read it anyway` });
  }
  const dir = xmlName.includes('/') ? xmlName.slice(0, xmlName.lastIndexOf('/') + 1) : '';
  let text = strFromU8(files.get(xmlName)!);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const root = parseXml(text, xmlName);
  if (root.name !== 'MPCDI') throw new MpcdiError(`the root element is <${root.name}> (expected <MPCDI>)`, xmlName, `<${root.name}>`);

  const profileAttr = (attr(root, 'profile') ?? '').toLowerCase();
  if (!PROFILES.includes(profileAttr)) {
    throw new MpcdiError(`profile "${attr(root, 'profile') ?? ''}" is not supported (this engine reads the 2d and a3 profiles)`, xmlName, '<MPCDI profile>');
  }
  const profile = profileAttr as MpcdiProfileKind;
  const geometryLevel = Number(attr(root, 'geometry') ?? '1');
  const colorAttr = attr(root, 'color');
  let colorLevel: number | null = null;
  if (colorAttr !== undefined && /^\s*tbd\s*$/i.test(colorAttr)) {
    warnings.push({ code: 'colorTbd', file: xmlName, message: `<MPCDI color="${colorAttr}">: the colour level is not given ("TBD"); alpha and beta maps are read as they are` });
  } else if (colorAttr !== undefined && Number.isFinite(Number(colorAttr))) colorLevel = Number(colorAttr);
  const version = attr(root, 'version') ?? '';

  const display = child(root, 'display');
  if (!display) throw new MpcdiError('has no <display> element', xmlName, '<MPCDI>');
  const buffers: MpcdiBuffer[] = [];
  const regionNodes: { node: XmlNode; buffer: MpcdiBuffer }[] = [];
  childrenNamed(display, 'buffer').forEach((b, bi) => {
    const where = `<buffer id="${attr(b, 'id') ?? bi}">`;
    const buffer: MpcdiBuffer = { id: attr(b, 'id') ?? `buffer${bi}`, xResolution: num(b, 'xResolution', where, xmlName), yResolution: num(b, 'yResolution', where, xmlName) };
    buffers.push(buffer);
    for (const r of childrenNamed(b, 'region')) regionNodes.push({ node: r, buffer });
  });
  if (regionNodes.length === 0) throw new MpcdiError('has no <region> (one per projector expected)', xmlName, '<display>');

  const filesets = new Map<string, XmlNode>();
  const filesNode = child(root, 'files');
  if (filesNode) for (const fs of childrenNamed(filesNode, 'fileset')) filesets.set(attr(fs, 'region') ?? '', fs);

  const lookup = (path: string, where: string): { name: string; data: Uint8Array } | null => {
    if (unsafeZipPath(path)) throw new MpcdiError(`path "${path}" leaves the archive's folder (refused)`, xmlName, where);
    const p = path.replace(/\\/g, '/').replace(/^\.\//, '');
    for (const cand of [dir + p, p]) {
      const d = files.get(cand);
      if (d) return { name: cand, data: d };
    }
    const lower = p.toLowerCase();
    for (const [n, d] of files) if (n.toLowerCase() === (dir + p).toLowerCase() || n.toLowerCase() === lower) return { name: n, data: d };
    return null;
  };

  const regions: MpcdiRegion[] = [];
  const seen = new Set<string>();
  for (const { node, buffer } of regionNodes) {
    const id = attr(node, 'id');
    if (id === undefined || id === '') throw new MpcdiError('a <region> has no id', xmlName, `<buffer id="${buffer.id}"> <region>`);
    if (seen.has(id)) throw new MpcdiError(`region id "${id}" is used twice`, xmlName, `<region id="${id}">`);
    seen.add(id);
    const where = `<region id="${id}">`;
    const xResolution = num(node, 'xResolution', where, xmlName);
    const yResolution = num(node, 'yResolution', where, xmlName);
    if (!Number.isInteger(xResolution) || !Number.isInteger(yResolution) || xResolution < 1 || yResolution < 1) {
      throw new MpcdiError(`xResolution × yResolution is ${xResolution} × ${yResolution} (expected whole pixels)`, xmlName, where);
    }
    const x = num(node, 'x', where, xmlName);
    const y = num(node, 'y', where, xmlName);
    const xSize = num(node, 'xSize', where, xmlName);
    const ySize = num(node, 'ySize', where, xmlName);
    if (!(xSize > 0) || !(ySize > 0)) throw new MpcdiError(`xSize × ySize is ${xSize} × ${ySize} (expected a positive size)`, xmlName, where);
    const fr = child(node, 'frustum');
    const cf = child(node, 'coordinateFrame');
    const frustum = fr ? readFrustum(fr, where, xmlName) : undefined;
    const coordinateFrame = cf ? readFrame(cf, where, xmlName) : undefined;

    const fs = filesets.get(id) ?? child(node, 'fileset');
    const fsWhere = `<fileset region="${id}">`;
    if (!fs) throw new MpcdiError(`region "${id}" has no <fileset> (its geometry warp is needed)`, xmlName, '<files>');
    const gwf = child(fs, 'geometryWarpFile');
    const gPath = gwf ? (child(gwf, 'path')?.text ?? gwf.text) : '';
    if (!gwf || gPath === '') throw new MpcdiError('has no <geometryWarpFile><path>', xmlName, fsWhere);
    const gFile = lookup(gPath, `${fsWhere} <geometryWarpFile>`);
    if (!gFile) throw new MpcdiError(`geometry warp "${gPath}" is not in the archive`, gPath, `${fsWhere} <geometryWarpFile><path>`);
    const pfm = readPfm(gFile.data, gFile.name);
    if (pfm.channels !== 3) throw new MpcdiError('is a one-channel PFM ("Pf"); a geometry warp has three channels ("PF")', gFile.name);
    if (pfm.width < 2 || pfm.height < 2) throw new MpcdiError(`the warp grid is ${pfm.width} × ${pfm.height} (MPCDI asks for at least 2 × 2)`, gFile.name);
    let warp: MpcdiWarp = { cols: pfm.width, rows: pfm.height, data: pfm.data };
    const geometricUnit = gwf ? child(gwf, 'geometricUnit')?.text : undefined;
    const originOf3DData = gwf ? child(gwf, 'originOf3DData')?.text : undefined;
    let nan = 0;
    for (let k = 0; k < warp.cols * warp.rows; k++) if (!Number.isFinite(warp.data[k * 3]!) || !Number.isFinite(warp.data[k * 3 + 1]!) || (profile === 'a3' && !Number.isFinite(warp.data[k * 3 + 2]!))) nan++;
    if (nan === warp.cols * warp.rows) throw new MpcdiError('every sample of the warp is NaN (nothing to place)', gFile.name);
    if (nan > 0) {
      warnings.push({ code: 'warpNaN', file: gFile.name, message: `${gFile.name}: ${nan} of ${warp.cols * warp.rows} warp samples are NaN (pixels that show nothing); they are left out of the fit` });
    }
    if (profile === '2d') {
      const origin = gwf ? child(gwf, 'originOf2DData')?.text?.toLowerCase() : undefined;
      if (origin === 'bottomleft') {
        const d = new Float32Array(warp.data);
        for (let k = 0; k < warp.cols * warp.rows; k++) d[k * 3 + 1] = 1 - d[k * 3 + 1]!;
        warp = { ...warp, data: d };
      }
      const choice = options.warpDirection ?? 'auto';
      const decision = choice === 'auto'
        ? decideWarpDirection(warp, { xResolution, yResolution, contentWidth: xSize * buffer.xResolution, contentHeight: ySize * buffer.yResolution })
        : { direction: choice, reason: 'as asked' };
      if (choice === 'auto') warnings.push({ code: 'warpDirection', file: gFile.name, message: `${gFile.name}: read as ${decision.direction === 'inverse' ? 'an' : 'a'} ${decision.direction} warp: ${decision.reason}` });
      if (decision.direction === 'forward') {
        const cols = Math.max(2, Math.min(257, Math.ceil(xResolution / 16) + 1));
        const rows = Math.max(2, Math.min(257, Math.ceil(yResolution / 16) + 1));
        warp = invertForwardWarp(warp, cols, rows);
      }
    }

    let alpha: MpcdiDataMap | null = null;
    let alphaGamma = 1;
    const am = child(fs, 'alphaMap');
    const aPath = am ? (child(am, 'path')?.text ?? am.text) : '';
    if (!am) warnings.push({ code: 'alphaMissing', message: `region "${id}" has no alpha map; blending is taken as 1 everywhere` });
    else if (aPath === '') warnings.push({ code: 'alphaEmpty', message: `region "${id}": <alphaMap> names no file; blending is taken as 1 everywhere` });
    else {
      const aFile = lookup(aPath, `${fsWhere} <alphaMap>`);
      if (!aFile) warnings.push({ code: 'fileMissing', file: aPath, message: `alpha map "${aPath}" of region "${id}" is not in the archive; blending is taken as 1 everywhere` });
      else if (aFile.data.length === 0) warnings.push({ code: 'alphaEmpty', file: aFile.name, message: `${aFile.name} is empty (0 bytes); blending is taken as 1 everywhere` });
      else {
        const map = decodeDataMap(aFile.data, aFile.name, warnings);
        if (map.data.every((v) => v === 0)) warnings.push({ code: 'alphaEmpty', file: aFile.name, message: `${aFile.name} is black everywhere (an empty map); blending is taken as 1 everywhere` });
        else alpha = map;
      }
      const g = am ? child(am, 'gammaEmbedded') : undefined;
      if (g && Number.isFinite(Number(g.text)) && Number(g.text) > 0) alphaGamma = Number(g.text);
      else if (alpha) warnings.push({ code: 'other', file: aPath, message: `region "${id}": <alphaMap> gives no gammaEmbedded; its values are taken as linear (1.0)` });
    }
    let beta: MpcdiDataMap | null = null;
    const bm = child(fs, 'betaMap');
    const bPath = bm ? (child(bm, 'path')?.text ?? bm.text) : '';
    if (bm && bPath !== '') {
      const bFile = lookup(bPath, `${fsWhere} <betaMap>`);
      if (!bFile) warnings.push({ code: 'fileMissing', file: bPath, message: `beta map "${bPath}" of region "${id}" is not in the archive; no black-level map` });
      else if (bFile.data.length > 0) beta = decodeDataMap(bFile.data, bFile.name, warnings);
    }
    regions.push({
      id,
      bufferId: buffer.id,
      x, y, xSize, ySize,
      xResolution, yResolution,
      ...(frustum ? { frustum } : {}),
      ...(coordinateFrame ? { coordinateFrame } : {}),
      warp,
      ...(geometricUnit !== undefined ? { geometricUnit } : {}),
      ...(originOf3DData !== undefined ? { originOf3DData } : {}),
      alpha,
      alphaGamma,
      beta,
    });
  }
  const date = attr(root, 'date');
  return {
    document: { profile, geometryLevel: Number.isFinite(geometryLevel) ? geometryLevel : 1, colorLevel, version, ...(date !== undefined ? { date } : {}), buffers, regions },
    warnings,
  };
}

/**
 * The imported mapping at output pixel (x, y) of a region: bilinear in the warp grid (sample (i, j) at
 * (i·W/(cols−1), j·H/(rows−1))). 2d: [region x, region y, error] normalised; a3: [X, Y, Z]. NaN where a
 * neighbouring sample is NaN.
 */
export function mpcdiWarpAt(region: MpcdiRegion, x: number, y: number): [number, number, number] {
  const w = region.warp;
  const gx = Math.min(Math.max((x / region.xResolution) * (w.cols - 1), 0), w.cols - 1);
  const gy = Math.min(Math.max((y / region.yResolution) * (w.rows - 1), 0), w.rows - 1);
  const i = Math.min(Math.floor(gx), w.cols - 2);
  const j = Math.min(Math.floor(gy), w.rows - 2);
  const tx = gx - i;
  const ty = gy - j;
  const out: [number, number, number] = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    const at = (ii: number, jj: number) => w.data[(jj * w.cols + ii) * 3 + c]!;
    // Exact at the samples (a NaN neighbour with zero weight does not spoil them).
    const wa = (1 - tx) * (1 - ty), wb = tx * (1 - ty), wc = (1 - tx) * ty, wd = tx * ty;
    let v = 0;
    if (wa !== 0) v += wa * at(i, j);
    if (wb !== 0) v += wb * at(i + 1, j);
    if (wc !== 0) v += wc * at(i, j + 1);
    if (wd !== 0) v += wd * at(i + 1, j + 1);
    out[c] = v;
  }
  return out;
}
