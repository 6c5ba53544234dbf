import { z } from 'zod';
import { CommandSchema, TestPatternSchema } from './commands.ts';
import { ProjectorSchema } from '../profile/profileSchema.ts';

/** Largest WebSocket message the conductor or a page accepts (bytes); larger ones are dropped unread. */
export const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

/**
 * Largest message a control client (control window, calibration page) may send once it has said
 * hello with the token: a `setProjector` with a 129 × 129 warp grid is 0.3–0.7 MB of JSON (short or
 * full-precision numbers). It is also the WebSocket's hard frame limit (larger frames close the socket).
 */
export const MAX_CONTROL_MESSAGE_BYTES = 1024 * 1024;

const finite = z.number().finite();

/** Messages a page or render node sends to the conductor. */
export const ClientMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('hello'),
    token: z.string().min(1).max(200),
    role: z.enum(['output', 'control', 'node', 'monitor', 'audio']),
    projectorId: z.string().max(64).optional(),
    clientId: z.string().min(1).max(64),
  }),
  z.strictObject({ type: z.literal('ping'), id: z.number().int().min(0), t1: finite }),
  z.strictObject({
    type: z.literal('report'),
    projectorId: z.string().max(64),
    fps: finite.min(0).max(1000),
    droppedFrames: z.number().int().min(0),
    offsetMs: finite,
    errorBoundMs: finite.min(0),
    lastShowS: finite,
    lastEpochS: finite,
    /** Frames rendered since the page loaded. */
    frames: z.number().int().min(0),
    /** Frames a second the page aims at (its display's refresh, or its frame cap); absent from older pages. */
    targetFps: finite.min(0).max(1000).optional(),
    /** Frames dropped since the page's previous report. */
    recentDropped: z.number().int().min(0).optional(),
    /** True when the page is a preview tiling several projectors: it reports once per tile. */
    preview: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('command'), id: z.number().int().min(0).optional(), command: CommandSchema }),
  /** The audio page's state (engine/audio, web/audio), about once a second. */
  z.strictObject({
    type: z.literal('audioReport'),
    state: z.enum(['loading', 'suspended', 'running', 'failed']),
    language: z.string().max(40),
    clipsLoaded: z.number().int().min(0),
    /** Clips that stay silent because their file is missing or undecodable, by file name. */
    clipsFailed: z.array(z.strictObject({ clipId: z.string().max(64), file: z.string().max(1000), reason: z.string().max(500) })).max(200),
    /** Output latency the clock map compensates (base + output latency), ms. */
    contextLatencyMs: finite.min(0).max(10_000),
    /** AudioContext clock rate against the shared epoch, parts per million. */
    clockRatePpm: finite,
    /** Largest playback position error of a running clip in the last second, ms. */
    driftMs: finite,
    lastShowS: finite,
  }),
]);

/** A validated client message. */
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** Transport state as sent to pages (the same fields as engine/core/clock/transport.ts). */
export const TransportWireSchema = z.strictObject({
  status: z.enum(['stopped', 'playing', 'paused']),
  durationS: finite,
  rate: finite,
  loop: z.strictObject({ startS: finite, endS: finite }).nullable(),
  anchorEpochS: finite,
  anchorTravelS: finite,
  segment: z.number().int(),
  segmentStartTravelS: finite,
  closed: z.array(z.strictObject({ segment: z.number().int(), startTravelS: finite, endTravelS: finite, loop: z.strictObject({ startS: finite, endS: finite }).nullable() })),
});

/** Messages the conductor sends to pages. Pages validate them too: they trust nothing on the wire. */
export const ServerMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('welcome'), clientId: z.string(), conductorEpochS: finite }),
  z.strictObject({ type: z.literal('pong'), id: z.number().int(), t1: finite, t2: finite, t3: finite }),
  z.strictObject({ type: z.literal('documents'), generation: z.number().int(), profile: z.unknown(), show: z.unknown(), language: z.string() }),
  z.strictObject({ type: z.literal('transport'), transport: TransportWireSchema, blackout: z.boolean() }),
  /**
   * The showing's language, sent when it or the queued one changes (and after every hello, with the
   * documents). Its own message, so a language change never looks like new documents to a page.
   */
  z.strictObject({ type: z.literal('language'), language: z.string().max(40), nextLanguage: z.string().max(40).nullable() }),
  z.strictObject({ type: z.literal('status'), status: z.unknown() }),
  /**
   * One projector's calibration changed in the working profile (a setProjector, a rollback): pages
   * holding documents of this `generation` replace that projector's config in their copy of the
   * profile and apply it live (uniforms and textures; blend maps recomputed after the changes stop).
   * `revision` counts working-profile changes since the documents were sent (a page ignores older ones).
   */
  z.strictObject({ type: z.literal('projector'), generation: z.number().int(), revision: z.number().int().min(0), projectorId: z.string().max(64), config: ProjectorSchema }),
  /**
   * What every output shows: projectors listed here show that test pattern or Gray-code frame in raw
   * output pixels (no warp, no blend, gamma 1); projectors not listed show the show ('content').
   * Sent after hello and whenever a pattern changes.
   */
  z.strictObject({ type: z.literal('patterns'), patterns: z.record(z.string().max(64), TestPatternSchema) }),
  z.strictObject({ type: z.literal('result'), id: z.number().int().optional(), ok: z.boolean(), message: z.string() }),
  z.strictObject({ type: z.literal('error'), message: z.string() }),
]);

/** A validated server message. */
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/** Parses a raw WebSocket text frame as JSON and validates it against `schema`; never throws. */
export function parseWire<T>(schema: z.ZodType<T>, raw: string, maxBytes = MAX_CLIENT_MESSAGE_BYTES): { ok: true; value: T } | { ok: false; reason: string } {
  if (raw.length > maxBytes) return { ok: false, reason: `message of ${raw.length} characters is over the ${maxBytes} limit` };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'message is not JSON' };
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    return { ok: false, reason: `invalid message at ${i?.path.join('.') || '(root)'}: ${i?.message ?? 'invalid'}` };
  }
  return { ok: true, value: r.data };
}
