import type { Migration } from '../json/migrate.ts';

/**
 * Show document migrations, oldest first. Each is a pure function from version `from` to `from + 1`.
 * Version 1 is the first published format, so the list is empty until the format changes.
 */
export const SHOW_MIGRATIONS: readonly Migration[] = [];
