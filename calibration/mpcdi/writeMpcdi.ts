import { strToU8 } from 'fflate';
import { encodeDataMap } from './dataMap.ts';
import type { MpcdiDocument, MpcdiRegion } from './MpcdiDocument.ts';
import { writePfm } from './pfm.ts';
import { zipFiles } from './safeZip.ts';
import { xmlEscape } from './xmlTree.ts';

/** Options for writing: the date attribute (the caller's clock; the calibration code reads none). */
export interface WriteMpcdiOptions {
  /** `date` attribute, e.g. "2026-11-29 19:30:00" (omitted when not given). */
  readonly date?: string;
}

const n = (v: number) => (Number.isFinite(v) ? String(Math.round(v * 1e12) / 1e12) : '0');
const safeName = (id: string) => id.replace(/[^A-Za-z0-9_.-]/g, '_');

function regionXml(r: MpcdiRegion): string {
  const lines = [`      <region id="${xmlEscape(r.id)}" x="${n(r.x)}" y="${n(r.y)}" xSize="${n(r.xSize)}" ySize="${n(r.ySize)}" xResolution="${r.xResolution}" yResolution="${r.yResolution}">`];
  if (r.frustum) {
    const f = r.frustum;
    lines.push(
      '        <frustum>',
      `          <yaw>${n(f.yawDeg)}</yaw>`,
      `          <pitch>${n(f.pitchDeg)}</pitch>`,
      `          <roll>${n(f.rollDeg)}</roll>`,
      `          <rightAngle>${n(f.rightDeg)}</rightAngle>`,
      `          <leftAngle>${n(f.leftDeg)}</leftAngle>`,
      `          <upAngle>${n(f.upDeg)}</upAngle>`,
      `          <downAngle>${n(f.downDeg)}</downAngle>`,
      '        </frustum>',
    );
  }
  if (r.coordinateFrame) {
    const c = r.coordinateFrame;
    lines.push('        <coordinateFrame>');
    for (const [k, v] of [['pos', c.pos], ['yaw', c.yaw], ['pitch', c.pitch], ['roll', c.roll]] as const) {
      lines.push(`          <${k}x>${n(v[0])}</${k}x>`, `          <${k}y>${n(v[1])}</${k}y>`, `          <${k}z>${n(v[2])}</${k}z>`);
    }
    lines.push('        </coordinateFrame>');
  }
  lines.push('      </region>');
  return lines.join('\n');
}

/**
 * Writes a document as an .mpcdi ZIP: mpcdi.xml (UTF-8) and, per region, `<id>_warp.pfm` (RGB float,
 * little-endian), `<id>_alpha.png` and `<id>_beta.png` when present. The warp is written as stored
 * (inverse: a grid over the output pixels).
 */
export function writeMpcdi(doc: MpcdiDocument, options: WriteMpcdiOptions = {}): Uint8Array {
  const files = new Map<string, Uint8Array>();
  const xml: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
  const colour = doc.colorLevel === null ? 'TBD' : String(doc.colorLevel);
  xml.push(`<MPCDI profile="${doc.profile}" geometry="${doc.geometryLevel}" color="${colour}" version="${xmlEscape(doc.version || '2.0')}"${options.date !== undefined ? ` date="${xmlEscape(options.date)}"` : ''}>`);
  xml.push('  <display>');
  for (const b of doc.buffers) {
    xml.push(`    <buffer id="${xmlEscape(b.id)}" xResolution="${b.xResolution}" yResolution="${b.yResolution}">`);
    for (const r of doc.regions.filter((q) => q.bufferId === b.id)) xml.push(regionXml(r));
    xml.push('    </buffer>');
  }
  xml.push('  </display>', '  <files>');
  const taken = new Set<string>();
  for (const r of doc.regions) {
    // File names from ids, made unique (ids "a b" and "a_b" would otherwise share one).
    let base = safeName(r.id);
    for (let k = 2; taken.has(base.toLowerCase()); k++) base = `${safeName(r.id)}-${k}`;
    taken.add(base.toLowerCase());
    const warpName = `${base}_warp.pfm`;
    files.set(warpName, writePfm({ width: r.warp.cols, height: r.warp.rows, channels: 3, data: r.warp.data }));
    xml.push(`    <fileset region="${xmlEscape(r.id)}">`);
    xml.push('      <geometryWarpFile>', `        <path>${warpName}</path>`, `        <geometricUnit>${xmlEscape(r.geometricUnit ?? (doc.profile === '2d' ? '2D' : 'm'))}</geometricUnit>`, '        <interpolation>linear</interpolation>');
    if (doc.profile !== '2d') xml.push(`        <originOf3DData>${xmlEscape(r.originOf3DData ?? 'floorCenter')}</originOf3DData>`);
    xml.push('      </geometryWarpFile>');
    if (r.alpha) {
      const name = `${base}_alpha.png`;
      files.set(name, encodeDataMap(r.alpha));
      xml.push('      <alphaMap>', `        <path>${name}</path>`, `        <componentDepth>${r.alpha.componentDepth}</componentDepth>`, `        <bitDepth>${r.alpha.bitDepth}</bitDepth>`, `        <gammaEmbedded>${n(r.alphaGamma)}</gammaEmbedded>`, '      </alphaMap>');
    }
    if (r.beta) {
      const name = `${base}_beta.png`;
      files.set(name, encodeDataMap(r.beta));
      xml.push('      <betaMap>', `        <path>${name}</path>`, `        <componentDepth>${r.beta.componentDepth}</componentDepth>`, `        <bitDepth>${r.beta.bitDepth}</bitDepth>`, '      </betaMap>');
    }
    xml.push('    </fileset>');
  }
  xml.push('  </files>', '</MPCDI>', '');
  const all = new Map<string, Uint8Array>([['mpcdi.xml', strToU8(xml.join('\n'))], ...files]);
  return zipFiles(all);
}
