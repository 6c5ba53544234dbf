/**
 * Reading one MPCDI region: its placement in the buffer (with frustum and coordinate frame), its
 * geometry warp (NaN samples counted, 2d origin and forward/inverse direction resolved) and its alpha
 * and beta maps, each quirk reported as a warning and each refusal an MpcdiError naming file and element.
 */
import type { Vec3 } from '../../engine/core/geometry/vec3.ts';
import { decodeDataMap } from './dataMap.ts';
import {
  MpcdiError,
  type MpcdiBuffer,
  type MpcdiCoordinateFrame,
  type MpcdiDataMap,
  type MpcdiFrustum,
  type MpcdiProfileKind,
  type MpcdiRegion,
  type MpcdiWarning,
  type MpcdiWarp,
} from './MpcdiDocument.ts';
import { readPfm } from './pfm.ts';
import { decideWarpDirection, invertForwardWarp, type WarpDirection } from './warpDirection.ts';
import { attr, child, type XmlNode } from './xmlTree.ts';

/** A file of the archive found by the path the XML gives. */
export interface ArchiveFile {
  readonly name: string;
  readonly data: Uint8Array;
}

/** What reading a region needs from the whole file. */
export interface RegionContext {
  /** The description's name in the archive (for errors and warnings). */
  readonly xmlName: string;
  readonly profile: MpcdiProfileKind;
  /** How 2d warps are stored (undefined: decided per region). */
  readonly warpDirection: WarpDirection | undefined;
  /** The archive file at a path from the XML, or null; throws on a path leaving the archive. */
  readonly lookup: (path: string, where: string) => ArchiveFile | null;
  /** Where warnings go. */
  readonly warnings: MpcdiWarning[];
}

/** Attribute `name` of node as a number, or an MpcdiError naming it. */
export function numberAttr(node: XmlNode, name: string, where: string, file: string): number {
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

/** A region's pixel size, its box in the buffer (normalised), and its frustum and frame when given. */
type Placement = Pick<MpcdiRegion, 'xResolution' | 'yResolution' | 'x' | 'y' | 'xSize' | 'ySize' | 'frustum' | 'coordinateFrame'>;

function readPlacement(node: XmlNode, where: string, xmlName: string): Placement {
  const xResolution = numberAttr(node, 'xResolution', where, xmlName);
  const yResolution = numberAttr(node, 'yResolution', where, xmlName);
  if (!Number.isInteger(xResolution) || !Number.isInteger(yResolution) || xResolution < 1 || yResolution < 1) {
    throw new MpcdiError(`xResolution × yResolution is ${xResolution} × ${yResolution} (expected whole pixels)`, xmlName, where);
  }
  const x = numberAttr(node, 'x', where, xmlName);
  const y = numberAttr(node, 'y', where, xmlName);
  const xSize = numberAttr(node, 'xSize', where, xmlName);
  const ySize = numberAttr(node, 'ySize', where, xmlName);
  if (!(xSize > 0) || !(ySize > 0)) throw new MpcdiError(`xSize × ySize is ${xSize} × ${ySize} (expected a positive size)`, xmlName, where);
  const fr = child(node, 'frustum');
  const cf = child(node, 'coordinateFrame');
  const frustum = fr ? readFrustum(fr, where, xmlName) : undefined;
  const coordinateFrame = cf ? readFrame(cf, where, xmlName) : undefined;
  return { xResolution, yResolution, x, y, xSize, ySize, ...(frustum ? { frustum } : {}), ...(coordinateFrame ? { coordinateFrame } : {}) };
}

/** A 2d warp as the engine keeps it: origin top-left, inverse (output pixel → region point), the direction reported when decided. */
function orient2dWarp(warp: MpcdiWarp, gwf: XmlNode, fileName: string, place: Placement, buffer: MpcdiBuffer, ctx: RegionContext): MpcdiWarp {
  const origin = child(gwf, 'originOf2DData')?.text?.toLowerCase();
  if (origin === 'bottomleft') {
    const d = new Float32Array(warp.data);
    for (let k = 0; k < warp.cols * warp.rows; k++) d[k * 3 + 1] = 1 - d[k * 3 + 1]!;
    warp = { ...warp, data: d };
  }
  const { xResolution, yResolution } = place;
  const choice = ctx.warpDirection ?? 'auto';
  const decision = choice === 'auto'
    ? decideWarpDirection(warp, { xResolution, yResolution, contentWidth: place.xSize * buffer.xResolution, contentHeight: place.ySize * buffer.yResolution })
    : { direction: choice, reason: 'as asked' };
  if (choice === 'auto') ctx.warnings.push({ code: 'warpDirection', file: fileName, message: `${fileName}: read as ${decision.direction === 'inverse' ? 'an' : 'a'} ${decision.direction} warp: ${decision.reason}` });
  if (decision.direction === 'forward') {
    const cols = Math.max(2, Math.min(257, Math.ceil(xResolution / 16) + 1));
    const rows = Math.max(2, Math.min(257, Math.ceil(yResolution / 16) + 1));
    warp = invertForwardWarp(warp, cols, rows);
  }
  return warp;
}

/** The region's geometry warp file: a 3-channel PFM of at least 2 × 2 with something finite; its unit and 3D origin. */
function readGeometryWarp(fs: XmlNode, fsWhere: string, place: Placement, buffer: MpcdiBuffer, ctx: RegionContext): Pick<MpcdiRegion, 'warp' | 'geometricUnit' | 'originOf3DData'> {
  const { xmlName, profile } = ctx;
  const gwf = child(fs, 'geometryWarpFile');
  const gPath = gwf ? (child(gwf, 'path')?.text ?? gwf.text) : '';
  if (!gwf || gPath === '') throw new MpcdiError('has no <geometryWarpFile><path>', xmlName, fsWhere);
  const gFile = ctx.lookup(gPath, `${fsWhere} <geometryWarpFile>`);
  if (!gFile) throw new MpcdiError(`geometry warp "${gPath}" is not in the archive`, gPath, `${fsWhere} <geometryWarpFile><path>`);
  const pfm = readPfm(gFile.data, gFile.name);
  if (pfm.channels !== 3) throw new MpcdiError('is a one-channel PFM ("Pf"); a geometry warp has three channels ("PF")', gFile.name);
  if (pfm.width < 2 || pfm.height < 2) throw new MpcdiError(`the warp grid is ${pfm.width} × ${pfm.height} (MPCDI asks for at least 2 × 2)`, gFile.name);
  let warp: MpcdiWarp = { cols: pfm.width, rows: pfm.height, data: pfm.data };
  const geometricUnit = child(gwf, 'geometricUnit')?.text;
  const originOf3DData = child(gwf, 'originOf3DData')?.text;
  let nan = 0;
  for (let k = 0; k < warp.cols * warp.rows; k++) if (!Number.isFinite(warp.data[k * 3]!) || !Number.isFinite(warp.data[k * 3 + 1]!) || (profile === 'a3' && !Number.isFinite(warp.data[k * 3 + 2]!))) nan++;
  if (nan === warp.cols * warp.rows) throw new MpcdiError('every sample of the warp is NaN (nothing to place)', gFile.name);
  if (nan > 0) {
    ctx.warnings.push({ code: 'warpNaN', file: gFile.name, message: `${gFile.name}: ${nan} of ${warp.cols * warp.rows} warp samples are NaN (pixels that show nothing); they are left out of the fit` });
  }
  if (profile === '2d') warp = orient2dWarp(warp, gwf, gFile.name, place, buffer, ctx);
  return { warp, ...(geometricUnit !== undefined ? { geometricUnit } : {}), ...(originOf3DData !== undefined ? { originOf3DData } : {}) };
}

/** The region's alpha map and its embedded gamma; missing, empty or all-black maps are warned of and read as 1 (null). */
function readAlphaMap(fs: XmlNode, id: string, fsWhere: string, ctx: RegionContext): { alpha: MpcdiDataMap | null; alphaGamma: number } {
  const { warnings } = ctx;
  let alpha: MpcdiDataMap | null = null;
  let alphaGamma = 1;
  const am = child(fs, 'alphaMap');
  const aPath = am ? (child(am, 'path')?.text ?? am.text) : '';
  if (!am) warnings.push({ code: 'alphaMissing', message: `region "${id}" has no alpha map; blending is taken as 1 everywhere` });
  else if (aPath === '') warnings.push({ code: 'alphaEmpty', message: `region "${id}": <alphaMap> names no file; blending is taken as 1 everywhere` });
  else {
    const aFile = ctx.lookup(aPath, `${fsWhere} <alphaMap>`);
    if (!aFile) warnings.push({ code: 'fileMissing', file: aPath, message: `alpha map "${aPath}" of region "${id}" is not in the archive; blending is taken as 1 everywhere` });
    else if (aFile.data.length === 0) warnings.push({ code: 'alphaEmpty', file: aFile.name, message: `${aFile.name} is empty (0 bytes); blending is taken as 1 everywhere` });
    else {
      const map = decodeDataMap(aFile.data, aFile.name, warnings);
      if (map.data.every((v) => v === 0)) warnings.push({ code: 'alphaEmpty', file: aFile.name, message: `${aFile.name} is black everywhere (an empty map); blending is taken as 1 everywhere` });
      else alpha = map;
    }
    const g = child(am, 'gammaEmbedded');
    if (g && Number.isFinite(Number(g.text)) && Number(g.text) > 0) alphaGamma = Number(g.text);
    else if (alpha) warnings.push({ code: 'other', file: aPath, message: `region "${id}": <alphaMap> gives no gammaEmbedded; its values are taken as linear (1.0)` });
  }
  return { alpha, alphaGamma };
}

/** The region's beta (black-level) map, or null when none is given or its file is missing (warned) or empty. */
function readBetaMap(fs: XmlNode, id: string, fsWhere: string, ctx: RegionContext): MpcdiDataMap | null {
  const bm = child(fs, 'betaMap');
  const bPath = bm ? (child(bm, 'path')?.text ?? bm.text) : '';
  if (!bm || bPath === '') return null;
  const bFile = ctx.lookup(bPath, `${fsWhere} <betaMap>`);
  if (!bFile) {
    ctx.warnings.push({ code: 'fileMissing', file: bPath, message: `beta map "${bPath}" of region "${id}" is not in the archive; no black-level map` });
    return null;
  }
  return bFile.data.length > 0 ? decodeDataMap(bFile.data, bFile.name, ctx.warnings) : null;
}

/** Region `id` of `buffer` from its XML node and its fileset (the <files> entry, else one inside the region). */
export function readRegion(node: XmlNode, id: string, buffer: MpcdiBuffer, fileset: XmlNode | undefined, ctx: RegionContext): MpcdiRegion {
  const place = readPlacement(node, `<region id="${id}">`, ctx.xmlName);
  const fs = fileset ?? child(node, 'fileset');
  const fsWhere = `<fileset region="${id}">`;
  if (!fs) throw new MpcdiError(`region "${id}" has no <fileset> (its geometry warp is needed)`, ctx.xmlName, '<files>');
  const { warp, ...units } = readGeometryWarp(fs, fsWhere, place, buffer, ctx);
  const { alpha, alphaGamma } = readAlphaMap(fs, id, fsWhere, ctx);
  const beta = readBetaMap(fs, id, fsWhere, ctx);
  const { xResolution, yResolution, x, y, xSize, ySize, frustum, coordinateFrame } = place;
  return {
    id,
    bufferId: buffer.id,
    x, y, xSize, ySize,
    xResolution, yResolution,
    ...(frustum ? { frustum } : {}),
    ...(coordinateFrame ? { coordinateFrame } : {}),
    warp,
    ...units,
    alpha,
    alphaGamma,
    beta,
  };
}
