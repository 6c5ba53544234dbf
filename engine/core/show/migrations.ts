import type { JsonObject, Migration } from '../json/migrate.ts';

const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * v1 → v2: an audio clip's top-level `src` becomes `source: {"type": "file", "src": …}`. Everything
 * else is kept as written (anything malformed is left for validation to report). Pure: builds new
 * objects along the changed paths and shares the rest.
 */
function audioSourceV2(doc: JsonObject): JsonObject {
  const tracks = doc['tracks'];
  if (!Array.isArray(tracks)) return { ...doc };
  return {
    ...doc,
    tracks: tracks.map((track: unknown) => {
      if (!isObject(track) || track['type'] !== 'audio' || !Array.isArray(track['clips'])) return track;
      return {
        ...track,
        clips: (track['clips'] as unknown[]).map((clip) => {
          if (!isObject(clip) || !('src' in clip) || 'source' in clip) return clip;
          const { src, ...rest } = clip;
          return { ...rest, source: { type: 'file', src } };
        }),
      };
    }),
  };
}

/**
 * Show document migrations, oldest first. Each is a pure function from version `from` to `from + 1`.
 */
export const SHOW_MIGRATIONS: readonly Migration[] = [
  { from: 1, description: 'audio clips: "src" becomes "source": {"type": "file", "src": …}', migrate: audioSourceV2 },
];
