/**
 * Test hooks: tests, benches and the render tools drive pages through values put on
 * `window`. They exist in a test build (`vite build --mode test`, dist/web-test), under vitest (mode
 * `test`) and on the Vite dev server (never shipped); in the production build MODE is the constant
 * 'production', the body is dead code and the bundler drops the calls with their names,
 * so the pages users get carry no hook.
 */

/**
 * True where pages expose test hooks: a constant false in production builds, so code under it is
 * dropped. The mode, not DEV: a build run inside vitest inherits NODE_ENV=test, which makes DEV true.
 */
export const TEST_HOOKS: boolean = import.meta.env.MODE !== 'production';

/** Puts `value` on `window[name]` outside production builds; does nothing (and is removed) in them. */
export function exposeForTests(name: string, value: unknown): void {
  if (!TEST_HOOKS) return;
  Object.assign(window, { [name]: value });
}
