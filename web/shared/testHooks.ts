/**
 * Test hooks: tests, benches and the soak drive pages through values put on `window`.
 * Only a test build (`vite build --mode test`, and vitest, whose mode is `test`) exposes them; in a
 * production build `import.meta.env.MODE` is the constant `'production'`, the body is dead code and
 * the bundler drops the calls with their names, so users' pages carry no hook.
 */
export const TEST_HOOKS_ENABLED: boolean = import.meta.env.MODE === 'test';

/** Puts `value` on `window[name]` in a test build; does nothing (and is removed) in production. */
export function exposeForTests(name: string, value: unknown): void {
  if (import.meta.env.MODE !== 'test') return;
  Object.assign(window, { [name]: value });
}
