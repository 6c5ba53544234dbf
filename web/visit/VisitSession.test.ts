import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as T from '../../engine/core/clock/transport.ts';
import type { Command } from '../../engine/core/protocol/commands.ts';
import type { ServerMessage } from '../../engine/core/protocol/messages.ts';

/** A transport as it travels on the wire (plain arrays). */
const wire = (t: T.TransportState) => JSON.parse(JSON.stringify(t)) as Extract<ServerMessage, { type: 'transport' }>['transport'];
import { chapterAt, createVisitSession, textIn, VIEWER_NOTE } from './VisitSession.ts';

const profile = JSON.parse(readFileSync(new URL('../../calibration/profiles/preview-3.json', import.meta.url), 'utf8')) as unknown;
const show = JSON.parse(readFileSync(new URL('../../shows/demo.show.json', import.meta.url), 'utf8')) as { id: string; durationS: number; chapters: { startS: number }[] };

describe('VisitSession', () => {
  it('local preview: its own transport on the page clock, chapters seek, languages checked against the show', async () => {
    let now = 1000;
    const s = createVisitSession('local', () => now);
    expect(s.getState().setDocuments(profile, show, 1, 'fr')).toBe(true);
    expect(s.getState().language).toBe('fr');
    expect(s.getState().showTimeAt(now)).toBe(0);
    await s.getState().perform({ command: 'play' });
    now += 12.5;
    expect(s.getState().showTimeAt(now)).toBeCloseTo(12.5, 9);
    await s.getState().perform({ command: 'chapter', index: 2 });
    expect(s.getState().showTimeAt(now)).toBe(show.chapters[2]!.startS);
    await s.getState().perform({ command: 'pause' });
    now += 30;
    expect(s.getState().showTimeAt(now)).toBe(show.chapters[2]!.startS);
    await s.getState().perform({ command: 'language', lang: 'de' });
    expect(s.getState()).toMatchObject({ language: 'fr', message: expect.stringMatching(/^language: "de" is not offered by show /) });
    await s.getState().perform({ command: 'chapter', index: 9 });
    expect(s.getState().message).toBe(`chapter 9: this show has ${show.chapters.length} chapters`);
    // The conductor's transport never moves a local preview; new documents of the same show keep the playhead.
    s.getState().onMessage({ type: 'transport', transport: wire(T.createTransport(120, 0)), blackout: true });
    expect(s.getState().blackout).toBe(false);
    s.getState().onMessage({ type: 'documents', generation: 2, profile, show, language: 'vi' });
    expect(s.getState().showTimeAt(now + 100)).toBe(show.chapters[2]!.startS);
  });

  it('follow mode: transport, blackout and language from the conductor; commands sent to it, refusals said', async () => {
    const sent: Command[] = [];
    const s = createVisitSession('follow', () => 0, async (c) => {
      sent.push(c);
      return c.command === 'language' ? { ok: false, message: 'language: queued' } : { ok: true, message: 'ok' };
    });
    const seen: number[] = [];
    s.subscribe(() => seen.push(1));
    s.getState().setRole('operator');
    s.getState().onMessage({ type: 'documents', generation: 4, profile, show, language: 'vi' });
    expect(s.getState()).toMatchObject({ language: 'vi', documents: { generation: 4 } });
    const tr = T.play(T.createTransport(120, 500), 500);
    s.getState().onMessage({ type: 'transport', transport: wire(tr), blackout: true });
    expect(s.getState().showTimeAt(510)).toBe(10);
    expect(s.getState().blackout).toBe(true);
    s.getState().onMessage({ type: 'language', language: 'en', nextLanguage: 'fr' });
    expect(s.getState()).toMatchObject({ language: 'en', message: 'Narration in fr from the next showing' });
    await s.getState().perform({ command: 'chapter', index: 1 });
    await s.getState().perform({ command: 'language', lang: 'fr' });
    expect(sent).toEqual([{ command: 'chapter', index: 1 }, { command: 'language', lang: 'fr' }]);
    expect(s.getState().message).toBe('language: queued');
    expect(seen.length).toBeGreaterThan(3);
    // Unreadable documents are said (document and field) and the previous ones stay.
    s.getState().onMessage({ type: 'documents', generation: 5, profile, show: { ...show, durationS: -1 }, language: 'vi' });
    expect(s.getState().message).toMatch(/^Cannot visit these documents: show: durationS/);
    expect(s.getState().documents?.generation).toBe(4);
  });

  it('follow mode with a visitor token: commands are never sent, the reason is said; a local preview drives its own clock', async () => {
    const sent: Command[] = [];
    const local = 2000;
    const s = createVisitSession('follow', () => local, async (c) => {
      sent.push(c);
      return { ok: true, message: 'ok' };
    });
    s.getState().onMessage({ type: 'documents', generation: 1, profile, show, language: 'vi' });
    s.getState().onMessage({ type: 'transport', transport: wire(T.play(T.createTransport(show.durationS, 500), 500)), blackout: false });
    // Before the role is known nothing is sent either.
    expect(s.getState().canDrive()).toBe(false);
    await s.getState().perform({ command: 'chapter', index: 1 });
    s.getState().setRole('viewer');
    await s.getState().perform({ command: 'chapter', index: 2 });
    await s.getState().perform({ command: 'play' });
    expect(sent).toEqual([]);
    expect(s.getState().message).toBe(VIEWER_NOTE);
    // A local preview starts paused where the showing is (conductor epoch 530 → 30 s) and its chapters move only it.
    s.getState().setMode('local', 530);
    expect(s.getState().canDrive()).toBe(true);
    expect(s.getState().showTimeAt(local)).toBeCloseTo(30, 9);
    await s.getState().perform({ command: 'chapter', index: 2 });
    expect(s.getState().showTimeAt(local + 10)).toBe(show.chapters[2]!.startS);
    s.getState().onMessage({ type: 'transport', transport: wire(T.createTransport(show.durationS, 0)), blackout: true });
    expect(s.getState().blackout).toBe(false);
    expect(sent).toEqual([]);
    // Back to following: the conductor's next transport message is shown again.
    s.getState().setMode('follow', 540);
    expect(s.getState().transport).toBeNull();
    s.getState().onMessage({ type: 'transport', transport: wire(T.play(T.createTransport(show.durationS, 500), 500)), blackout: false });
    expect(s.getState().showTimeAt(520)).toBe(20);
  });

  it('picks texts and chapters', () => {
    expect(textIn({ en: 'Dusk', fr: 'Crépuscule' }, 'fr', 'en')).toBe('Crépuscule');
    expect(textIn({ en: 'Dusk' }, 'vi', 'en')).toBe('Dusk');
    expect(chapterAt(show as never, 0)).toBe(0);
    expect(chapterAt(show as never, show.chapters[2]!.startS + 1)).toBe(2);
  });
});
