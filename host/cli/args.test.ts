import { describe, expect, it } from 'vitest';
import { parseArgs, parsePair, readOptions } from './args.ts';

describe('parseArgs (the CLIs)', () => {
  it('reads values, flags and the other words in order', () => {
    const a = parseArgs(['scan.tif', '--out', 'dir', '--force', '--quality', '-5'], ['out', 'quality'], ['force']);
    expect(typeof a === 'object' && [Object.fromEntries(a.values), [...a.flags], a.rest]).toEqual([{ out: 'dir', quality: '-5' }, ['force'], ['scan.tif']]);
  });

  it('keeps -x words as words, -abc once', () => {
    const a = parseArgs(['-abc', '-h'], [], []);
    expect(typeof a === 'object' && a.rest).toEqual(['-abc', '-h']);
  });

  it('refuses the first problem in command-line order', () => {
    expect(parseArgs(['--out'], ['out'])).toBe('--out needs a value');
    expect(parseArgs(['--out', '--force'], ['out'], ['force'])).toBe('--out needs a value');
    expect(parseArgs(['--bogus', '--out'], ['out'])).toBe('unknown option --bogus');
    expect(parseArgs(['--out=dir'], ['out'])).toBe('unknown option --out=dir');
    expect(parseArgs(['--', '--out', 'x'], ['out'])).toBe('unknown option --');
  });
});

describe('readOptions, a shell ignoring other programs\' switches', () => {
  const policy = { unknownOption: 'ignore', word: 'refuse' } as const;
  it('ignores unknown switches and --name=value, reads on after --', () => {
    const a = readOptions(['--no-sandbox', '--show=x', '--', '--show', 'y', '--kiosk'], ['show'], ['kiosk'], policy);
    expect(typeof a === 'object' && [Object.fromEntries(a.values), [...a.flags]]).toEqual([{ show: 'y' }, ['kiosk']]);
  });

  it('refuses a stray word', () => {
    expect(readOptions(['--profil', 'hall'], ['show'], [], policy)).toBe('unexpected argument hall');
    expect(readOptions(['-x'], ['show'], [], policy)).toBe('unexpected argument -x');
  });
});

describe('parsePair', () => {
  it('reads X,Y or gives null', () => {
    expect(parsePair('1,2.5')).toEqual([1, 2.5]);
    expect(parsePair('1,')).toBeNull();
    expect(parsePair(undefined)).toBeNull();
  });
});
