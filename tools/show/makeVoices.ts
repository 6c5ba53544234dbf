/**
 * npm run assets:voices [-- --out assets/audio/narration]
 * Placeholder voices for the Dien Bien Phu narration, until actors record it: every line of
 * `dienBienPhu/narration.ts` in Vietnamese, English and French, spoken by espeak-ng (Debian package
 * `espeak-ng`) and compressed to Ogg Opus by `opusenc` (Debian package `opus-tools`), mono, 24 kbit/s,
 * speech tuning, a fixed stream serial per file so the same text gives the same bytes. Writes
 * `<out>/<lang>/<clip>.ogg` and prints each file's length (the show builder reads them back).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hashString } from '../../engine/core/timeline/noise.ts';
import { probeAudioFile } from '../../host/files/audioProbe.ts';
import { NARRATION, NARRATION_LANGUAGES } from './dienBienPhu/narration.ts';

/** espeak-ng voice and speaking rate (words per minute) per show language. */
export const VOICES: Record<(typeof NARRATION_LANGUAGES)[number], { voice: string; wpm: number }> = {
  vi: { voice: 'vi', wpm: 150 },
  en: { voice: 'en-gb', wpm: 155 },
  fr: { voice: 'fr-fr', wpm: 155 },
};

function need(tool: string, pkg: string): void {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (r.error) throw new Error(`${tool} is not installed: on Debian or Ubuntu, apt-get install ${pkg}`);
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${r.stderr.trim()}`);
}

function main(): void {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--out');
  const cwd = process.env['INIT_CWD'] ?? process.cwd();
  const outDir = resolve(cwd, i >= 0 && argv[i + 1] ? argv[i + 1]! : 'assets/audio/narration');
  need('espeak-ng', 'espeak-ng');
  need('opusenc', 'opus-tools');
  const tmp = mkdtempSync(join(tmpdir(), 'voices-'));
  let total = 0;
  try {
    for (const lang of NARRATION_LANGUAGES) {
      mkdirSync(join(outDir, lang), { recursive: true });
      for (const line of NARRATION) {
        const textFile = join(tmp, `${line.id}.${lang}.txt`);
        const wav = join(tmp, `${line.id}.${lang}.wav`);
        const ogg = join(outDir, lang, `${line.id}.ogg`);
        writeFileSync(textFile, line[lang] + '\n');
        const v = VOICES[lang];
        run('espeak-ng', ['-v', v.voice, '-s', String(v.wpm), '-g', '4', '-f', textFile, '-w', wav]);
        run('opusenc', ['--quiet', '--bitrate', '24', '--speech', '--downmix-mono', '--serial', String(hashString(`${lang}/${line.id}`) & 0x7fffffff), '--title', `${line.id} (${lang}, espeak-ng placeholder)`, wav, ogg]);
        const probe = probeAudioFile(ogg);
        if (!probe.ok) throw new Error(`${ogg} ${probe.reason}`);
        const bytes = statSync(ogg).size;
        total += bytes;
        process.stdout.write(`${lang}/${line.id}.ogg  ${probe.durationS?.toFixed(2)} s  ${(bytes / 1024).toFixed(0)} KiB\n`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  process.stdout.write(`wrote ${NARRATION.length * NARRATION_LANGUAGES.length} files under ${outDir} (${(total / 1048576).toFixed(2)} MiB)\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`assets:voices: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
