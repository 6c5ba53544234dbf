import type { IncomingMessage, ServerResponse } from 'node:http';
import { CommandSchema, type Role } from '../../engine/core/protocol/commands.ts';
import { MAX_CONTROL_MESSAGE_BYTES } from '../../engine/core/protocol/messages.ts';
import type { ProfileStore } from '../profiles/ProfileStore.ts';
import { isJsonRequest, readBody } from '../server/readBody.ts';
import { accessInfo, httpToken, refuseCommand, refuseRequest, type AccessTokens } from './access.ts';
import type { Conductor } from './Conductor.ts';
import { profileApi } from './profileApi.ts';

/** Largest POST /api/command body: a setProjector with a 129 × 129 warp grid fits. */
const MAX_BODY_BYTES = MAX_CONTROL_MESSAGE_BYTES;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}

/**
 * The HTTP control API over one conductor (token required; the visitor token reads only):
 * GET /api/access, /api/status, /api/profile…, and POST /api/command (a command as JSON, answered
 * 200 when performed, 409 when refused, 400 when it is no command, 403 when the role may not send it).
 */
export class HttpApi {
  constructor(
    private readonly conductor: Conductor,
    private readonly access: AccessTokens,
    private readonly profileStore: ProfileStore | undefined,
  ) {}

  /** Answers a request under /api/. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [path = '', query = ''] = (req.url ?? '').split('?');
    const role = this.access.roleOf(httpToken(req.headers));
    const refused = refuseRequest(role, req.method ?? '', path);
    if (refused || role === null) return json(res, refused?.status ?? 401, { ok: false, message: refused?.message ?? 'a valid token is required' });
    if (path === '/api/access' && req.method === 'GET') return json(res, 200, accessInfo(role));
    if (path === '/api/status' && req.method === 'GET') return json(res, 200, this.conductor.status());
    if (path.startsWith('/api/profile') && req.method === 'GET') {
      const r = profileApi(path, new URLSearchParams(query), this.conductor, this.profileStore);
      return json(res, r.status, r.body);
    }
    if (path === '/api/command' && req.method === 'POST') {
      const r = await this.command(req, role);
      if (r.closeAfter) res.setHeader('Connection', 'close');
      return json(res, r.status, r.body);
    }
    // The path is not echoed: an error body never carries what the request or the disk said.
    return json(res, 404, { ok: false, message: 'no such endpoint (the API is GET /api/status, GET /api/profile…, POST /api/command)' });
  }

  private async command(req: IncomingMessage, role: Role): Promise<{ status: number; body: unknown; closeAfter?: boolean }> {
    // Read (bounded) before any refusal, so the connection stays in step for the client's next request.
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!isJsonRequest(req)) return { status: 415, body: { ok: false, message: 'a command is JSON: send it with Content-Type: application/json' } };
    // The client may still be sending: the connection closes once this answer is out.
    if (!body.ok) return { status: body.status, body: { ok: false, message: body.message }, closeAfter: true };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch {
      return { status: 400, body: { ok: false, message: 'the body is not JSON' } };
    }
    const cmd = CommandSchema.safeParse(parsed);
    if (!cmd.success) return { status: 400, body: { ok: false, message: `not a command: ${cmd.error.issues[0]?.path.join('.') || '(root)'}: ${cmd.error.issues[0]?.message}` } };
    const denied = refuseCommand(role, cmd.data.command);
    if (denied) return { status: denied.status, body: { ok: false, message: denied.message } };
    const result = this.conductor.perform(cmd.data);
    return { status: result.ok ? 200 : 409, body: result };
  }
}
