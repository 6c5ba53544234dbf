import { describe, expect, it } from 'vitest';
import { CommandSchema } from '../engine/core/protocol/commands.ts';
import { soakAction } from './soakActions.ts';

const show = { id: 's', title: 'S', file: 's.show.json', durationS: 780, chapters: [0, 120, 300, 600].map((startS, i) => ({ id: `c${i}`, title: `C${i}`, startS })) };
const playing = { show, transport: { status: 'playing' as const, showS: 10, rate: 1, chapterIndex: 0, ended: false } };

describe('soakAction', () => {
  it('goes round seeks, chapter jumps, holds and blackouts, every one a valid command', () => {
    const names = new Set<string>();
    for (let k = 0; k < 64; k++) {
      for (const body of soakAction(k, playing)) {
        const parsed = CommandSchema.safeParse(body);
        expect(parsed.success, JSON.stringify(body)).toBe(true);
        names.add(String(body['command']));
        if (body['command'] === 'seek') expect(body['toS']).toBeLessThan(show.durationS);
        if (body['command'] === 'chapter') expect(body['index']).toBeLessThan(show.chapters.length);
      }
    }
    expect([...names].sort()).toEqual(['blackout', 'chapter', 'nextChapter', 'pause', 'play', 'previousChapter', 'seek']);
  });

  it('is the same for the same step, and spreads its seeks', () => {
    expect(soakAction(8, playing)).toEqual(soakAction(8, playing));
    const seeks = [0, 8, 16, 24].map((k) => soakAction(k, playing)[0]!['toS'] as number);
    expect(new Set(seeks).size).toBe(4);
  });

  it('starts a new showing after the end or a stop', () => {
    expect(soakAction(3, { show, transport: { ...playing.transport, ended: true } })).toEqual([{ command: 'stop' }, { command: 'play' }]);
    expect(soakAction(5, { show, transport: { ...playing.transport, status: 'stopped' } })).toEqual([{ command: 'stop' }, { command: 'play' }]);
  });
});
