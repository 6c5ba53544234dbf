/**
 * npm run docs:formats: rewrites the field tables of docs/FORMATS.md from the zod schemas (through
 * their JSON Schemas), between `<!-- generated:NAME -->` and `<!-- /generated -->`, leaving the prose
 * around them as it is. A test fails when the committed tables are stale, so run this after changing
 * a schema.
 */
import { effectParamTable } from '../../engine/core/light/effects/registry.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { AudioClipSchema, ChapterSchema, CueSchema, ImageClipSchema, LightClipSchema, RegionSchema, ShowSchema, TrackSchema } from '../../engine/core/show/showSchema.ts';
import { ProfileSchema } from '../../engine/core/profile/profileSchema.ts';
import { SYNTH_PARAMS } from '../../engine/core/audio/synthSpecs.ts';

/** A JSON Schema node, as z.toJSONSchema writes it. */
type Node = Record<string, unknown>;
/** One table row: field path, type, meaning. */
type Row = [string, string, string];

/** The file the tables are written into, from the repository root. */
export const FORMAT_DOCS_FILE = 'docs/FORMATS.md';

/** Parameter objects are long and alike: the tables name their parameters and point to their own table. */
const PARAMS_NOTE = 'each a constant or keyframes (see Parameters)';
/** Where the parameters of a merged union are listed, by discriminator. */
const PARAMS_BY: Record<string, string> = {
  effect: 'parameters of each effect, each a constant or keyframes (see Light effects)',
  instrument: 'numbers, by instrument (see Synthesized sound)',
};

const jsonSchema = (schema: z.ZodType): Node => z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Node;

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const quote = (v: unknown) => `\`${JSON.stringify(v)}\``;
const variants = (n: Node): Node[] | null => ((n['anyOf'] ?? n['oneOf']) as Node[] | undefined) ?? null;
const props = (n: Node): Record<string, Node> | null => (n['type'] === 'object' && n['properties'] ? (n['properties'] as Record<string, Node>) : null);

function range(n: Node): string {
  // z.number().int() states the safe-integer bounds: no limit a reader needs to see.
  const bound = (x: unknown) => (typeof x === 'number' && Math.abs(x) < Number.MAX_SAFE_INTEGER ? x : undefined);
  const lo = bound(n['minimum'] ?? n['exclusiveMinimum']);
  const hi = bound(n['maximum'] ?? n['exclusiveMaximum']);
  if (lo === undefined && hi === undefined) return '';
  const l = lo === undefined ? '' : `${n['exclusiveMinimum'] !== undefined ? '>' : '≥'} ${lo}`;
  const h = hi === undefined ? '' : `${n['exclusiveMaximum'] !== undefined ? '<' : '≤'} ${hi}`;
  return ` ${[l, h].filter(Boolean).join(', ')}`;
}

/** A short type for a leaf: `number ≥ 0, ≤ 10`, `"a" | "b"`, `[number, number]`, `list of string`. */
function typeOf(n: Node): string {
  if (n['const'] !== undefined) return quote(n['const']);
  if (Array.isArray(n['enum'])) return (n['enum'] as unknown[]).map(quote).join(' | ');
  const vs = variants(n);
  if (vs) return vs.map(typeOf).join(' or ');
  switch (n['type']) {
    case 'number':
      return `number${range(n)}`;
    case 'integer':
      return `integer${range(n)}`;
    case 'string':
      return 'text';
    case 'boolean':
      return 'true or false';
    case 'array': {
      if (Array.isArray(n['prefixItems'])) return `[${(n['prefixItems'] as Node[]).map((p) => typeOf(p).split(' ')[0]).join(', ')}]`;
      const items = (n['items'] ?? {}) as Node;
      if (Array.isArray(items['prefixItems'])) return `list of [${(items['prefixItems'] as Node[]).map((p) => typeOf(p).split(' ')[0]).join(', ')}]`;
      if (n['minItems'] !== undefined && n['minItems'] === n['maxItems']) return `${n['minItems']} × ${typeOf(items).split(' ')[0]}`;
      return `list of ${typeOf(items)}`;
    }
    case 'object':
      if (n['additionalProperties'] && typeof n['additionalProperties'] === 'object') return `{${keyName(n)}: ${typeOf(n['additionalProperties'] as Node)}}`;
      return 'object';
    default:
      return 'any';
  }
}

/** The key of a record: `lang` for language-keyed records, else `key`. */
const keyName = (n: Node) => (String((n['propertyNames'] as Node | undefined)?.['description'] ?? '').startsWith('Language code') ? 'lang' : 'key');

/** The discriminator of a union of objects: a property every variant fixes to a constant. */
function discriminator(vs: Node[]): string | null {
  const first = props(vs[0]!);
  if (!first || !vs.every(props)) return null;
  const fixed = (k: string) => vs.every((v) => props(v)![k]?.['const'] !== undefined);
  const distinct = (k: string) => new Set(vs.map((v) => JSON.stringify(props(v)![k]!['const']))).size === vs.length;
  return Object.keys(first).find((k) => fixed(k) && distinct(k)) ?? null;
}

/** Adds the rows of `n` at `path` (`optional` when its parent does not require it). */
function walk(n: Node, path: string, optional: boolean, rows: Row[], shallow: ReadonlySet<string>): void {
  const opt = optional ? ', optional' : '';
  const doc = typeof n['description'] === 'string' ? n['description'] : '';
  if (shallow.has(path)) {
    rows.push([path, `list${opt}`, doc || `see the tables below`]);
    return;
  }
  const vs = variants(n);
  if (vs && vs.some(props)) {
    const d = discriminator(vs);
    const keys = vs.map((v) => Object.keys(props(v) ?? {}).join());
    if (d && keys.every((k) => k === keys[0])) {
      // Variants with the same fields (light clips by effect): one set of rows, the discriminator's values listed.
      const shape = props(vs[0]!)!;
      const required = new Set((vs[0]!['required'] as string[] | undefined) ?? []);
      for (const k of Object.keys(shape)) {
        const p = path ? `${path}.${k}` : k;
        if (k === d) rows.push([p, vs.map((v) => quote(props(v)![k]!['const'])).join(' | '), doc || 'which kind; the rows below hold for every one']);
        else if (k === 'params') rows.push([p, `object${required.has(k) ? '' : ', optional'}`, PARAMS_BY[d] ?? `parameters, by ${d}`]);
        else walk(shape[k]!, p, !required.has(k), rows, shallow);
      }
      return;
    }
    if (doc || optional) rows.push([path, `${d ? `object by \`${d}\`` : 'one of the forms below'}${opt}`, doc]);
    // Fields every form has alike come first, once; then each form's own, from its discriminator.
    const shapes = vs.map(props);
    const common = shapes.every(Boolean)
      ? Object.keys(shapes[0]!).filter((k) => k !== d && shapes.every((sh) => JSON.stringify(sh![k]) === JSON.stringify(shapes[0]![k])))
      : [];
    if (common.length > 0) {
      const first = vs[0]!;
      walk({ ...first, description: undefined, properties: Object.fromEntries(common.map((k) => [k, shapes[0]![k]])) }, path, false, rows, shallow);
    }
    for (const v of vs) {
      if (props(v)) {
        const own = Object.fromEntries(Object.entries(props(v)!).filter(([k]) => !common.includes(k)));
        walk({ ...v, properties: own }, path, false, rows, shallow);
      } else if (variants(v)) walk(v, path, false, rows, shallow);
      else rows.push([path, typeOf(v), 'or this']);
    }
    return;
  }
  const shape = props(n);
  if (shape) {
    if (path && (doc || optional)) rows.push([path, `object${opt}`, doc]);
    const required = new Set((n['required'] as string[] | undefined) ?? []);
    for (const [k, p] of Object.entries(shape)) {
      if (k === '$schema') continue;
      const sub = path ? `${path}.${k}` : k;
      if (k === 'params' && props(p)) rows.push([sub, `object${required.has(k) ? '' : ', optional'}`, `${Object.keys(props(p)!).map((x) => `\`${x}\``).join(', ')}: ${PARAMS_NOTE}`]);
      else walk(p, sub, !required.has(k), rows, shallow);
    }
    return;
  }
  if (n['type'] === 'array') {
    const items = (n['items'] ?? {}) as Node;
    if (props(items) || variants(items)?.some(props)) {
      rows.push([path, `list${opt}`, doc]);
      walk(items, `${path}[]`, false, rows, shallow);
      return;
    }
  }
  if (n['type'] === 'object' && n['additionalProperties'] && props(n['additionalProperties'] as Node)) {
    rows.push([path, `{${keyName(n)}: object}${opt}`, doc]);
    walk(n['additionalProperties'] as Node, `${path}.<${keyName(n)}>`, false, rows, shallow);
    return;
  }
  rows.push([path, `${typeOf(n)}${opt}`, doc]);
}

/** A markdown table of the fields of `schema`, paths relative to `prefix`. */
export function fieldTable(schema: z.ZodType, prefix = '', shallow: readonly string[] = [], omit: readonly string[] = []): string {
  const rows: Row[] = [];
  walk(jsonSchema(schema), prefix, false, rows, new Set(shallow));
  const omitted = new Set(omit.map((k) => (prefix ? `${prefix}.${k}` : k)));
  rows.splice(0, rows.length, ...rows.filter(([p]) => !omitted.has(p)));
  const lines = ['| field | type | meaning |', '| --- | --- | --- |'];
  for (const [path, type, doc] of rows) lines.push(`| ${path ? `\`${cell(path)}\`` : '—'} | ${cell(type)} | ${cell(doc)} |`);
  return lines.join('\n');
}

/** The synthesized instruments' parameters (`engine/core/audio/synthSpecs.ts`). */
function synthTable(): string {
  const lines = ['| instrument | parameter | default | range | meaning |', '| --- | --- | --- | --- | --- |'];
  for (const [instrument, specs] of Object.entries(SYNTH_PARAMS)) {
    for (const [name, spec] of Object.entries(specs)) {
      const unit = spec.unit ? ` ${spec.unit}` : '';
      lines.push(`| \`${instrument}\` | \`${name}\` | ${spec.default}${unit} | ${spec.min} … ${spec.max} | ${cell(spec.doc)} |`);
    }
  }
  return lines.join('\n');
}

/** Timing fields every clip has: one table, left out of the per-kind clip tables. */
const CLIP_TIMING = ['id', 'name', 'startS', 'durationS', 'fadeInS', 'fadeOutS', 'fadeEase'] as const;

/** The generated blocks of docs/FORMATS.md, by marker name. */
export function formatBlocks(): Record<string, string> {
  const section = (title: string, table: string) => [`#### ${title}`, '', table, ''];
  const timing = ImageClipSchema.pick(Object.fromEntries(CLIP_TIMING.map((k) => [k, true])) as Record<(typeof CLIP_TIMING)[number], true>);
  return {
    show: [
      ...section('Document', fieldTable(ShowSchema, '', ['chapters', 'regions', 'tracks'])),
      ...section('Chapters', fieldTable(ChapterSchema, 'chapters[]')),
      ...section('Regions', fieldTable(RegionSchema, 'regions[]')),
      ...section('Tracks', fieldTable(TrackSchema, 'tracks[]', ['tracks[].clips', 'tracks[].cues'])),
      ...section('Every clip', fieldTable(timing, 'clips[]')),
      ...section('Light clips', fieldTable(LightClipSchema, 'clips[]', [], CLIP_TIMING)),
      ...section('Image clips', fieldTable(ImageClipSchema, 'clips[]', [], CLIP_TIMING)),
      ...section('Audio clips', fieldTable(AudioClipSchema, 'clips[]', [], CLIP_TIMING)),
      ...section('Cues', fieldTable(CueSchema, 'cues[]')).slice(0, -1),
    ].join('\n'),
    profile: fieldTable(ProfileSchema),
    synth: synthTable(),
    effects: effectParamTable().join('\n'),
  };
}

/** `doc` with every `<!-- generated:NAME -->` … `<!-- /generated -->` block replaced; unknown names are left as they are. */
export function applyBlocks(doc: string, blocks: Record<string, string>): string {
  return doc.replace(/(<!-- generated:([a-z-]+) -->\n)[\s\S]*?(<!-- \/generated -->)/g, (all, open: string, name: string, close: string) =>
    blocks[name] === undefined ? all : `${open}${blocks[name]}\n${close}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = resolve(import.meta.dirname, '../..', FORMAT_DOCS_FILE);
  const before = readFileSync(file, 'utf8');
  const blocks = formatBlocks();
  for (const name of Object.keys(blocks)) {
    if (!before.includes(`<!-- generated:${name} -->`)) throw new Error(`${FORMAT_DOCS_FILE} has no <!-- generated:${name} --> marker`);
  }
  const after = applyBlocks(before, blocks);
  writeFileSync(file, after);
  process.stdout.write(`${after === before ? 'unchanged' : 'wrote'} ${FORMAT_DOCS_FILE}\n`);
}
