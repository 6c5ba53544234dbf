import { audioClipAssets } from '../../engine/core/audio/index.ts';
import type { Problem } from '../../engine/core/json/parseJsonText.ts';
import type { Show } from '../../engine/core/show/showSchema.ts';
import { probeAudioFile, type AudioProbe } from '../files/audioProbe.ts';
import { resolveAsset } from '../files/assetStore.ts';

/** One audio source of a clip that cannot be played as written. */
export interface AudioAssetProblem {
  readonly clipId: string;
  /** Asset path as written in the show ("narration/fr/intro.ogg"). */
  readonly file: string;
  /** Dotted path of the field to fix ("tracks.2.clips.0.source.variants.fr.src"). */
  readonly path: string;
  /** What is wrong, in plain words, starting with the file: `audio file "…" is missing from …`. */
  readonly message: string;
  /** What was expected instead. */
  readonly expected: string;
  /** The reason alone ("is missing", "is a text file, not audio…"), for status lists. */
  readonly reason: string;
}

const DECODABLE = 'a WAV, Ogg Vorbis/Opus, MP3 or FLAC file inside the assets folder';

/**
 * Checks every audio source of every clip (each narration variant too): the file exists inside the
 * asset folder, is a WAV, Ogg, MP3 or FLAC a browser decodes, is whole, and the clip's sourceOffsetS
 * falls inside it. Each file is probed once however many clips use it. Never throws.
 */
export function checkShowAudio(show: Show, assetRoot: string): AudioAssetProblem[] {
  const problems: AudioAssetProblem[] = [];
  const probes = new Map<string, AudioProbe>();
  show.tracks.forEach((track, ti) => {
    if (track.type !== 'audio') return;
    track.clips.forEach((clip, ci) => {
      for (const { field, src } of audioClipAssets(clip)) {
        const at = `tracks.${ti}.clips.${ci}`;
        const add = (path: string, reason: string, expected: string) => problems.push({ clipId: clip.id, file: src, path, message: `audio file "${src}" ${reason}`, expected, reason });
        const where = resolveAsset(assetRoot, src);
        if (!where.ok) {
          add(`${at}.${field}`, where.reason, DECODABLE);
          continue;
        }
        let probe = probes.get(where.file);
        if (!probe) probes.set(where.file, (probe = probeAudioFile(where.file)));
        if (!probe.ok) {
          add(`${at}.${field}`, probe.reason, DECODABLE);
          continue;
        }
        if (probe.truncated) add(`${at}.${field}`, `is truncated: ${probe.truncated}`, 'the whole file (export it again)');
        const offsetS = clip.sourceOffsetS ?? 0;
        if (probe.durationS !== null && offsetS > 0 && offsetS >= probe.durationS) {
          add(`${at}.sourceOffsetS`, `is ${probe.durationS.toFixed(3)} s long, so sourceOffsetS ${offsetS} s starts after its end`, `a sourceOffsetS below ${probe.durationS.toFixed(3)} s`);
        }
      }
    });
  });
  return problems;
}

/** An audio problem as a document problem (one validate line: `path: message (expected)`). */
export function audioProblemLine(p: AudioAssetProblem): Problem {
  return { path: p.path, message: p.message, expected: p.expected };
}

/**
 * Narration that would be silent in a showing language: no variant in it, no fallback, and none in the
 * show's default language. The schema allows it; a showing in that language would lose the clip.
 */
export function checkNarrationLanguages(show: Show): Problem[] {
  const problems: Problem[] = [];
  show.tracks.forEach((track, ti) => {
    if (track.type !== 'audio') return;
    track.clips.forEach((clip, ci) => {
      const src = clip.source;
      if (src.type !== 'narration' || src.fallback !== undefined || src.variants[show.defaultLanguage] !== undefined) return;
      const silent = show.languages.filter((l) => src.variants[l] === undefined);
      if (silent.length === 0) return;
      problems.push({
        path: `tracks.${ti}.clips.${ci}.source.variants`,
        message: `has no recording in ${silent.join(', ')}, no fallback and none in the default language ${show.defaultLanguage}: clip ${clip.id} is silent in ${silent.length === 1 ? 'that showing language' : 'those showing languages'}`,
        expected: `a variant in every language, one in ${show.defaultLanguage}, or "fallback": one of ${Object.keys(src.variants).join(', ')}`,
      });
    });
  });
  return problems;
}
