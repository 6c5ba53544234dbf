import { z } from 'zod';
import { defineCommand, OPERATOR, oscNumber } from './defineCommand.ts';

// The show clock: play, hold, stop, go to a time or a chapter, the playback rate.

/** Starts or resumes the showing (GO). */
export const play = defineCommand('play', {}, { label: 'GO / play', key: ' ', osc: '/panorama/play', roles: OPERATOR, privileged: false, needsUnlock: false });

/** Holds the playhead where it is. */
export const pause = defineCommand('pause', {}, { label: 'Hold', key: 'h', osc: '/panorama/pause', roles: OPERATOR, privileged: false, needsUnlock: false });

/** Stops and returns to the top of the show. */
export const stop = defineCommand('stop', {}, { label: 'Stop', key: 'Escape', osc: '/panorama/stop', roles: OPERATOR, privileged: false, needsUnlock: false });

/** Jumps to show time `toS`. */
export const seek = defineCommand(
  'seek',
  { toS: z.number().min(0).max(86_400) },
  { label: 'Go to time', osc: '/panorama/seek', fromOsc: (a) => ({ toS: oscNumber(a, 0) }), roles: OPERATOR, privileged: false, needsUnlock: false },
);

/** Jumps to the start of chapter `index` (from 0). */
export const chapter = defineCommand(
  'chapter',
  { index: z.number().int().min(0).max(999) },
  { label: 'Go to chapter', osc: '/panorama/chapter', fromOsc: (a) => ({ index: oscNumber(a, 0) }), roles: OPERATOR, privileged: false, needsUnlock: false },
);

/** Jumps to the start of the next chapter. */
export const nextChapter = defineCommand('nextChapter', {}, { label: 'Next chapter', key: 'ArrowRight', osc: '/panorama/next', roles: OPERATOR, privileged: false, needsUnlock: false });

/** Jumps to the start of the previous chapter (the first stays the first). */
export const previousChapter = defineCommand('previousChapter', {}, { label: 'Previous chapter', key: 'ArrowLeft', osc: '/panorama/previous', roles: OPERATOR, privileged: false, needsUnlock: false });

/** Changes the playback rate without moving the playhead. */
export const rate = defineCommand(
  'rate',
  { rate: z.number().gt(0).max(16) },
  { label: 'Playback rate', osc: '/panorama/rate', fromOsc: (a) => ({ rate: oscNumber(a, 0) }), roles: OPERATOR, privileged: false, needsUnlock: false },
);
