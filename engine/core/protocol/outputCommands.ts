import { z } from 'zod';
import { defineCommand, OPERATOR, oscFlag } from './defineCommand.ts';

// The outputs themselves: blackout and reopening their windows.

/** Blacks every output out (true black, whatever the show) or lets the show through again. */
export const blackout = defineCommand(
  'blackout',
  { on: z.boolean() },
  { label: 'Blackout', key: 'b', osc: '/panorama/blackout', fromOsc: (a) => ({ on: oscFlag(a, 0) }), roles: OPERATOR, privileged: false, needsUnlock: false },
);

/**
 * Reopens the output windows of one projector (its own window, or the preview tiling it), or every
 * output window (null), also those the recovery policy gave up on. Performed by whoever owns the
 * windows (the Chromium runtime, Electron's main process); refused where nobody does.
 */
export const reloadOutput = defineCommand(
  'reloadOutput',
  { projectorId: z.string().min(1).max(64).nullable() },
  {
    label: 'Reload output',
    osc: '/panorama/output/reload',
    // /panorama/output/reload [PROJECTOR|*]: no argument or * reloads every output window.
    fromOsc: (a) => ({ projectorId: a.length === 0 || a[0] === '*' ? null : a[0] }),
    roles: OPERATOR,
    privileged: false,
    needsUnlock: false,
  },
);
