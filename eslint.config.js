// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** What the pure engine core may import: relative modules, GSAP (eases) and zod (schemas). */
export const CORE_ALLOWED_IMPORT = '^(\\.{1,2}/|gsap(/|$)|zod(/|$))';

/** Globals the core must not touch: DOM, Node, wall clocks and timers. Time and randomness are inputs. */
export const CORE_FORBIDDEN_GLOBALS = [
  'window', 'document', 'navigator', 'location', 'performance', 'process', 'require', 'module', 'Buffer',
  '__dirname', '__filename', 'setTimeout', 'setInterval', 'setImmediate', 'requestAnimationFrame',
  'fetch', 'XMLHttpRequest', 'WebSocket', 'localStorage', 'sessionStorage', 'indexedDB', 'crypto',
  'TextDecoder', 'TextEncoder', 'structuredClone', 'AudioContext', 'HTMLElement', 'HTMLCanvasElement',
];

/**
 * Calibration maths runs in the calibration page and in Node alike: the core's rule, plus the
 * engine core itself and pure-JavaScript file-format libraries (ZIP, PNG, XML) for MPCDI.
 */
export const CALIBRATION_ALLOWED_IMPORT = '^(\\.{1,2}/|gsap(/|$)|zod(/|$)|fflate$|fast-png$|fast-xml-parser$)';
const calibrationMessage = 'calibration/ is pure TypeScript like the engine core (it runs in the page and in Node): no three, tone, react, DOM or Node APIs; file formats through fflate, fast-png, fast-xml-parser.';

const coreMessage = 'engine/core is pure TypeScript: no three, tone, react, electron, DOM or Node APIs (DESIGN.md §6). Put this in an adapter.';

/** The purity rules: only the allowed imports, no DOM/Node globals, time and randomness as inputs. */
function pureRules(files, ignores, allowedImport, message) {
  return {
    files,
    ignores,
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: `^(?!${allowedImport.slice(1)})`, message }] }],
      'no-restricted-globals': ['error', ...CORE_FORBIDDEN_GLOBALS.map((name) => ({ name, message }))],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Seed randomness from ids and show time.' },
        { object: 'Date', property: 'now', message: 'Time is an input: take t or epochS as an argument.' },
        { object: 'performance', property: 'now', message: 'Time is an input: take t or epochS as an argument.' },
      ],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date']", message: 'Time is an input: take t or epochS as an argument.' }],
    },
  };
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'bench/results.json', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Output windows must agree frame for frame: seed randomness from ids and show time (engine/core/timeline/noise.ts).' }],
    },
  },
  pureRules(['engine/core/**/*.ts'], ['engine/core/**/*.test.ts'], CORE_ALLOWED_IMPORT, coreMessage),
  pureRules(['calibration/**/*.ts'], ['calibration/**/*.test.ts'], CALIBRATION_ALLOWED_IMPORT, calibrationMessage),
  // One concept a file, one step a function: long files and functions are split where their meaning
  // splits (blank lines and comments not counted). Tests' describe and it callbacks are exempt.
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    rules: { 'max-lines': ['error', { max: 350, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['**/*.{ts,tsx}'],
    ignores: ['**/*.test.{ts,tsx}'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
);
