import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applyBlocks, fieldTable, FORMAT_DOCS_FILE, formatBlocks } from './writeFormatDocs.ts';
import { RegionSchema } from '../../engine/core/show/showSchema.ts';

const committed = readFileSync(resolve(import.meta.dirname, '../..', FORMAT_DOCS_FILE), 'utf8');

describe('docs/FORMATS.md field tables', () => {
  it('are up to date with the zod schemas (run `npm run docs:formats` after changing one)', () => {
    const blocks = formatBlocks();
    for (const name of Object.keys(blocks)) expect(committed, `marker <!-- generated:${name} -->`).toContain(`<!-- generated:${name} -->\n`);
    expect(applyBlocks(committed, blocks)).toBe(committed);
  });

  it('replace only what lies between the markers, and leave unknown blocks alone', () => {
    const doc = 'intro\n<!-- generated:show -->\nold\n<!-- /generated -->\nmiddle\n<!-- generated:effects -->\nby hand\n<!-- /generated -->\nend\n';
    expect(applyBlocks(doc, { show: 'new' })).toBe('intro\n<!-- generated:show -->\nnew\n<!-- /generated -->\nmiddle\n<!-- generated:effects -->\nby hand\n<!-- /generated -->\nend\n');
  });

  it('give every field its path, type and description, optional ones marked', () => {
    const table = fieldTable(RegionSchema, 'regions[]');
    expect(table).toContain('| `regions[].polygon` | list of [number, number] | Vertices [u, v] in painting space; u may pass 1 to cross the seam |');
    expect(table).toContain('| `regions[].featherV` | number ≥ 0, ≤ 1, optional | Feather width in wall heights (default 0.01) |');
  });
});
