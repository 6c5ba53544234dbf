import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';

const root = resolve(import.meta.dirname, '../..');
const core = join(root, 'engine/core');

function coreSources(dir = core): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return coreSources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

describe('the engine core stays pure (DESIGN.md §6)', () => {
  it('imports only its own modules, gsap and zod', () => {
    const files = coreSources();
    expect(files.length).toBeGreaterThan(10);
    const offences: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT_RE)) {
        const spec = (m[1] ?? m[2] ?? m[3]) as string;
        const where = relative(root, file);
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          if (relative(core, target).startsWith('..')) offences.push(`${where} imports ${spec}, outside engine/core`);
        } else if (!/^(gsap|zod)(\/|$)/.test(spec)) offences.push(`${where} imports ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('the lint rule rejects three, tone, react, electron, Node and DOM APIs, clocks and Math.random in the core', async () => {
    const eslint = new ESLint({ cwd: root });
    const probes: [string, RegExp][] = [
      ["import * as THREE from 'three';\nexport const x = THREE;", /engine\/core is pure/],
      ["import * as Tone from 'tone';\nexport const x = Tone;", /engine\/core is pure/],
      ["import { useState } from 'react';\nexport const x = useState;", /engine\/core is pure/],
      ["import { app } from 'electron';\nexport const x = app;", /engine\/core is pure/],
      ["import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", /engine\/core is pure/],
      ["import path from 'path';\nexport const x = path;", /engine\/core is pure/],
      ['export const w = window.innerWidth;', /engine\/core is pure/],
      ['export const d = document.title;', /engine\/core is pure/],
      ['export const t = performance.now();', /engine\/core is pure|Time is an input/],
      ['export const t = Date.now();', /Time is an input/],
      ['export const t = new Date();', /Time is an input/],
      // Built from parts so that this file does not itself contain the call it checks for.
      ['export const r = Math.' + 'random();', /Seed randomness/],
      ["export const p = process.env['X'];", /engine\/core is pure/],
    ];
    for (const [code, re] of probes) {
      const [result] = await eslint.lintText(code, { filePath: join(core, 'show/__probe.ts') });
      const messages = result!.messages.map((m) => m.message).join('\n');
      expect(messages, code).toMatch(re);
    }
    // The same import is fine outside the core (the host may use Node).
    const [host] = await eslint.lintText("import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", { filePath: join(root, 'host/__probe.ts') });
    expect(host!.messages).toEqual([]);
    const [ok] = await eslint.lintText("import { z } from 'zod';\nimport { gsap } from 'gsap';\nimport { x } from './y.ts';\nexport const v = [z, gsap, x];", { filePath: join(core, 'show/__probe.ts') });
    expect(ok!.messages).toEqual([]);
  });

  it('calibration/ keeps the same rule (it runs in the page and in Node), with the engine core and the MPCDI file-format libraries allowed', async () => {
    const eslint = new ESLint({ cwd: root });
    const at = join(root, 'calibration/pose/__probe.ts');
    for (const code of ["import * as THREE from 'three';\nexport const x = THREE;", "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", 'export const w = window.innerWidth;', 'export const t = Date.now();']) {
      const [result] = await eslint.lintText(code, { filePath: at });
      expect(result!.messages.length, code).toBeGreaterThan(0);
    }
    const [ok] = await eslint.lintText("import { unzipSync } from 'fflate';\nimport { decode } from 'fast-png';\nimport { XMLParser } from 'fast-xml-parser';\nimport { z } from 'zod';\nimport { Installation } from '../../engine/core/geometry/Installation.ts';\nexport const v = [unzipSync, decode, XMLParser, z, Installation];", { filePath: at });
    expect(ok!.messages).toEqual([]);
    // Its tests may use Node; so may the build scripts that write the shipped profiles (tools/profiles).
    const [tool] = await eslint.lintText("import { readFileSync } from 'node:fs';\nexport const x = readFileSync;", { filePath: join(root, 'calibration/pose/__probe.test.ts') });
    expect(tool!.messages).toEqual([]);
  });
});
