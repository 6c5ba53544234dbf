import { z } from 'zod';
import { TestPatternSchema, type Command } from '../../engine/core/protocol/commands.ts';

/** What the conductor answers a command. */
export interface CommandAnswer {
  readonly ok: boolean;
  readonly message: string;
}

/** Sends one command to the conductor and resolves with its answer (never rejects). */
export type CommandSender = (command: Command) => Promise<CommandAnswer>;

/** Reads a JSON endpoint of the conductor's API (token sent), or throws with a message naming it. */
export type ApiReader = (path: string) => Promise<unknown>;

const AnswerSchema = z.object({ ok: z.boolean(), message: z.string().max(4000) });

/** The calibration part of the conductor's status (contract 3), read defensively. */
export const CalibrationStatusSchema = z.object({
  locked: z.boolean(),
  dirty: z.boolean(),
  version: z.number().int().nullable(),
  patterns: z.record(z.string().max(64), TestPatternSchema),
});

/** The calibration status as the page uses it. */
export type CalibrationView = z.infer<typeof CalibrationStatusSchema>;

/** One output the conductor knows, for the projector list. */
export const OutputViewSchema = z.object({ projectorId: z.string().max(64), fps: z.number(), connected: z.boolean(), ageS: z.number() });

/** The status fields the page reads. */
export const PageStatusSchema = z.object({
  calibration: CalibrationStatusSchema.optional(),
  outputs: z.array(OutputViewSchema.passthrough()).max(512).optional(),
  profile: z.object({ id: z.string(), file: z.string() }).passthrough().optional(),
});

/** Commands over `POST /api/command` with the token (the answer tells refused from done). */
export function httpCommandSender(token: string, base = ''): CommandSender {
  return async (command) => {
    try {
      const res = await fetch(`${base}/api/command`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(command) });
      const answer = AnswerSchema.safeParse(await res.json().catch(() => null));
      return answer.success ? answer.data : { ok: false, message: `${command.command}: the conductor answered HTTP ${res.status}` };
    } catch (err) {
      return { ok: false, message: `${command.command}: the conductor cannot be reached (${err instanceof Error ? err.message : String(err)})` };
    }
  };
}

/** GET of an API path with the token; throws naming the path when it fails. */
export function httpApiReader(token: string, base = ''): ApiReader {
  return async (path) => {
    const res = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const message = typeof body === 'object' && body !== null && 'message' in body ? String((body as { message: unknown }).message) : `HTTP ${res.status}`;
      throw new Error(`${path}: ${message}`);
    }
    return body;
  };
}
