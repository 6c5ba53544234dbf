import { createHash, timingSafeEqual } from 'node:crypto';
import { COMMANDS, mayPerform, type Command, type Role } from '../../engine/core/protocol/commands.ts';
import type { ClientMessage } from '../../engine/core/protocol/messages.ts';

/** What a page says it is in its WebSocket hello. */
export type HelloRole = Extract<ClientMessage, { type: 'hello' }>['role'];

/**
 * Which hello roles each token role may take: an operator anything; a viewer only `monitor` (the
 * subtitles and the visit follow the show), never `control` (commands), `output`/`node` (their reports
 * drive the outputs table and the watchdog) or `audio` (the hall's sound).
 */
export const HELLO_ROLES: Readonly<Record<Role, readonly HelloRole[]>> = {
  operator: ['output', 'control', 'node', 'monitor', 'audio'],
  viewer: ['monitor'],
};

/**
 * Read-only endpoints a viewer may GET: the status (what a monitoring page shows) and its own access.
 * Everything else is the operator's: commands, and `/api/profile*` (the calibration data, its
 * versions and who saved them).
 */
export const VIEWER_ENDPOINTS: readonly string[] = ['/api/status', '/api/access'];

/** A refusal: the HTTP status and a sentence that names the role needed. */
export interface Refusal {
  readonly status: 401 | 403;
  readonly message: string;
}

const NAMES: Readonly<Record<Role, string>> = { operator: 'the operator token (control-token)', viewer: 'the visitor token (visitor-token)' };

// Compared as SHA-256 digests, so every comparison takes the same time whatever the length or content given.
const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * The conductor's tokens and the role each gives. `roleOf` compares what a client presents with
 * every token in constant time (no early exit, no length leak).
 */
export class AccessTokens {
  private readonly entries: readonly { role: Role; digest: Buffer }[];

  constructor(tokens: { readonly operator: string; readonly viewer?: string | undefined }) {
    if (tokens.operator.length === 0) throw new TypeError('the operator token is empty');
    if (tokens.viewer !== undefined && (tokens.viewer.length === 0 || tokens.viewer === tokens.operator)) throw new TypeError('the visitor token must be non-empty and differ from the operator token');
    this.entries = [{ role: 'operator', digest: digest(tokens.operator) }, ...(tokens.viewer !== undefined ? [{ role: 'viewer' as const, digest: digest(tokens.viewer) }] : [])];
  }

  /** The role `given` grants, or null when it is no token of this conductor (or none was given). */
  roleOf(given: string | undefined | null): Role | null {
    const d = digest(typeof given === 'string' ? given : '');
    let found: Role | null = null;
    for (const e of this.entries) if (timingSafeEqual(d, e.digest) && typeof given === 'string' && given.length > 0) found = e.role;
    return found;
  }
}

/** The token an HTTP request presents: `Authorization: Bearer TOKEN`, else `X-Panorama-Token`. */
export function httpToken(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const auth = headers['authorization'];
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7);
  const alt = headers['x-panorama-token'];
  return typeof alt === 'string' ? alt : undefined;
}

/** Why an HTTP request to `path` is refused for `role` (null: it may go on; commands are checked once parsed). */
export function refuseRequest(role: Role | null, method: string, path: string): Refusal | null {
  if (role === null) return { status: 401, message: 'a valid token is required (Authorization: Bearer TOKEN)' };
  if (role === 'operator') return null;
  if (method === 'GET' && VIEWER_ENDPOINTS.includes(path)) return null;
  if (method === 'POST' && path === '/api/command') return null;
  return { status: 403, message: `${method} ${path} needs ${NAMES.operator}; ${NAMES[role]} may only GET ${VIEWER_ENDPOINTS.join(', ')}` };
}

/** Why `role` may not send `command` (null: the registry's `roles` allow it). */
export function refuseCommand(role: Role, command: Command['command']): Refusal | null {
  if (mayPerform(role, command)) return null;
  const allowed = COMMANDS.filter((c) => c.roles.includes(role)).map((c) => c.name);
  return { status: 403, message: `${command} needs the ${COMMANDS.find((c) => c.name === command)!.roles.join(' or ')} role; ${NAMES[role]} may send ${allowed.length === 0 ? 'no commands' : allowed.join(', ')}` };
}

/** Why a WebSocket hello as `helloRole` is refused for `role` (null: allowed). */
export function refuseHello(role: Role, helloRole: HelloRole): Refusal | null {
  if (HELLO_ROLES[role].includes(helloRole)) return null;
  return { status: 403, message: `a ${helloRole} page needs ${NAMES.operator}; ${NAMES[role]} may open ${HELLO_ROLES[role].join(', ')} pages (subtitles, visit)` };
}

/** What `GET /api/access` answers: the role of the token presented and the commands it may send (pages adapt their controls). */
export function accessInfo(role: Role): { role: Role; commands: Command['command'][]; pages: HelloRole[] } {
  return { role, commands: COMMANDS.filter((c) => c.roles.includes(role)).map((c) => c.name), pages: [...HELLO_ROLES[role]] };
}
