import { z } from 'zod';
import { LangSchema } from '../show/showSchema.ts';
import { defineCommand, OPERATOR } from './defineCommand.ts';

// What runs: the show document and the language of the showing.

/** Loads a show by name (from the conductor's shows folder): a new showing. */
export const loadShow = defineCommand(
  'loadShow',
  { show: z.string().min(1).max(200) },
  { label: 'Load show', osc: '/panorama/load', fromOsc: (a) => ({ show: a[0] }), roles: OPERATOR, privileged: false, needsUnlock: false },
);

/** The language of the showing: at once when stopped, else from the next showing (the light never stops for it). */
export const language = defineCommand(
  'language',
  { lang: LangSchema },
  { label: 'Language', osc: '/panorama/language', fromOsc: (a) => ({ lang: a[0] }), roles: OPERATOR, privileged: false, needsUnlock: false },
);
