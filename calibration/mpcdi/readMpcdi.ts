import { strFromU8 } from 'fflate';
import { MpcdiError, type MpcdiBuffer, type MpcdiDocument, type MpcdiProfileKind, type MpcdiRegion, type MpcdiWarning } from './MpcdiDocument.ts';
import { numberAttr, readRegion, type ArchiveFile, type RegionContext } from './readMpcdiRegion.ts';
import { unsafeZipPath, unzipLimited, type ZipLimits } from './safeZip.ts';
import type { WarpDirection } from './warpDirection.ts';
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

/** The description's name in the archive: mpcdi.xml in any folder, else the only XML file (warned). */
function descriptionName(files: ReadonlyMap<string, Uint8Array>, warnings: MpcdiWarning[]): string {
  const xmlNames = [...files.keys()].filter((n) => n.toLowerCase().endsWith('.xml'));
  const xmlName = xmlNames.find((n) => n.split('/').pop()!.toLowerCase() === 'mpcdi.xml');
  if (xmlName !== undefined) return xmlName;
  if (xmlNames.length === 0) throw new MpcdiError(`the archive holds no XML file (expected mpcdi.xml; it holds ${[...files.keys()].join(', ') || 'nothing'})`);
  if (xmlNames.length > 1) throw new MpcdiError(`the archive holds no mpcdi.xml but several XML files (${xmlNames.join(', ')}): cannot tell which describes the display`);
  warnings.push({ code: 'xmlName', file: xmlNames[0]!, message: `the description is named "${xmlNames[0]!}", not mpcdi.xml as the standard asks; read it anyway` });
  return xmlNames[0]!;
}

/** The root's profile (2d or a3, else refused) and its geometry and colour levels (color="TBD" warned). */
function readRootAttributes(root: XmlNode, xmlName: string, warnings: MpcdiWarning[]): Pick<MpcdiDocument, 'profile' | 'geometryLevel' | 'colorLevel' | 'version'> {
  const profileAttr = (attr(root, 'profile') ?? '').toLowerCase();
  if (!PROFILES.includes(profileAttr)) {
    throw new MpcdiError(`profile "${attr(root, 'profile') ?? ''}" is not supported (this engine reads the 2d and a3 profiles)`, xmlName, '<MPCDI profile>');
  }
  const geometryLevel = Number(attr(root, 'geometry') ?? '1');
  const colorAttr = attr(root, 'color');
  let colorLevel: number | null = null;
  if (colorAttr !== undefined && /^\s*tbd\s*$/i.test(colorAttr)) {
    warnings.push({ code: 'colorTbd', file: xmlName, message: `<MPCDI color="${colorAttr}">: the colour level is not given ("TBD"); alpha and beta maps are read as they are` });
  } else if (colorAttr !== undefined && Number.isFinite(Number(colorAttr))) colorLevel = Number(colorAttr);
  return { profile: profileAttr as MpcdiProfileKind, geometryLevel: Number.isFinite(geometryLevel) ? geometryLevel : 1, colorLevel, version: attr(root, 'version') ?? '' };
}

/** The display's buffers and the region nodes in each (at least one region, else refused). */
function readBuffers(root: XmlNode, xmlName: string): { buffers: MpcdiBuffer[]; regionNodes: { node: XmlNode; buffer: MpcdiBuffer }[] } {
  const display = child(root, 'display');
  if (!display) throw new MpcdiError('has no <display> element', xmlName, '<MPCDI>');
  const buffers: MpcdiBuffer[] = [];
  const regionNodes: { node: XmlNode; buffer: MpcdiBuffer }[] = [];
  childrenNamed(display, 'buffer').forEach((b, bi) => {
    const where = `<buffer id="${attr(b, 'id') ?? bi}">`;
    const buffer: MpcdiBuffer = { id: attr(b, 'id') ?? `buffer${bi}`, xResolution: numberAttr(b, 'xResolution', where, xmlName), yResolution: numberAttr(b, 'yResolution', where, xmlName) };
    buffers.push(buffer);
    for (const r of childrenNamed(b, 'region')) regionNodes.push({ node: r, buffer });
  });
  if (regionNodes.length === 0) throw new MpcdiError('has no <region> (one per projector expected)', xmlName, '<display>');
  return { buffers, regionNodes };
}

/**
 * Finds the archive file a path in the XML names: relative to the description's folder, else to the
 * archive's root, else the same without case; refuses paths that leave the archive's folder.
 */
function archiveLookup(files: ReadonlyMap<string, Uint8Array>, dir: string, xmlName: string): (path: string, where: string) => ArchiveFile | null {
  return (path, where) => {
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
  const xmlName = descriptionName(files, warnings);
  const dir = xmlName.includes('/') ? xmlName.slice(0, xmlName.lastIndexOf('/') + 1) : '';
  let text = strFromU8(files.get(xmlName)!);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const root = parseXml(text, xmlName);
  if (root.name !== 'MPCDI') throw new MpcdiError(`the root element is <${root.name}> (expected <MPCDI>)`, xmlName, `<${root.name}>`);
  const head = readRootAttributes(root, xmlName, warnings);
  const { buffers, regionNodes } = readBuffers(root, xmlName);

  const filesets = new Map<string, XmlNode>();
  const filesNode = child(root, 'files');
  if (filesNode) for (const fs of childrenNamed(filesNode, 'fileset')) filesets.set(attr(fs, 'region') ?? '', fs);
  const ctx: RegionContext = { xmlName, profile: head.profile, warpDirection: options.warpDirection, lookup: archiveLookup(files, dir, xmlName), warnings };
  const regions: MpcdiRegion[] = [];
  const seen = new Set<string>();
  for (const { node, buffer } of regionNodes) {
    const id = attr(node, 'id');
    if (id === undefined || id === '') throw new MpcdiError('a <region> has no id', xmlName, `<buffer id="${buffer.id}"> <region>`);
    if (seen.has(id)) throw new MpcdiError(`region id "${id}" is used twice`, xmlName, `<region id="${id}">`);
    seen.add(id);
    regions.push(readRegion(node, id, buffer, filesets.get(id), ctx));
  }
  const date = attr(root, 'date');
  return {
    document: { ...head, ...(date !== undefined ? { date } : {}), buffers, regions },
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
