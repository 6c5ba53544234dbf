import { describe, expect, it } from 'vitest';
import * as T from './transport.ts';

describe('transport', () => {
  const E = 5000; // an arbitrary shared-epoch reading, in seconds

  it('derives show time from the shared epoch, never from deltas', () => {
    let s = T.createTransport(600, E);
    expect(T.showTimeAt(s, E + 10)).toBe(0);
    s = T.play(s, E + 1);
    expect(T.showTimeAt(s, E + 1)).toBe(0);
    expect(T.showTimeAt(s, E + 11.5)).toBe(10.5);
    // Asking again, or out of order, gives the same answers: nothing accumulates.
    expect(T.showTimeAt(s, E + 3)).toBe(2);
    expect(T.showTimeAt(s, E + 11.5)).toBe(10.5);
    // A frame predicted before the play command shows the start position, not negative time.
    expect(T.showTimeAt(s, E)).toBe(0);
  });

  it('pauses, resumes, seeks and stops', () => {
    let s = T.play(T.createTransport(600, E), E);
    s = T.pause(s, E + 20);
    expect(s.status).toBe('paused');
    expect(T.showTimeAt(s, E + 100)).toBe(20);
    s = T.play(s, E + 100);
    expect(T.showTimeAt(s, E + 105)).toBe(25);
    const seg = s.segment;
    s = T.seek(s, 300, E + 105);
    expect(s.segment).toBe(seg + 1);
    expect(s.closed.at(-1)).toEqual({ segment: seg, startTravelS: 0, endTravelS: 25, loop: null });
    expect(T.showTimeAt(s, E + 107)).toBe(302);
    s = T.seek(s, 1e6, E + 107);
    expect(T.showTimeAt(s, E + 108)).toBe(600);
    s = T.stop(s, E + 110);
    expect(s.status).toBe('stopped');
    expect(T.showTimeAt(s, E + 200)).toBe(0);
  });

  it('changes rate without a jump', () => {
    let s = T.play(T.createTransport(600, E), E);
    s = T.setRate(s, 2, E + 10);
    expect(T.showTimeAt(s, E + 10)).toBe(10);
    expect(T.showTimeAt(s, E + 15)).toBe(20);
    expect(() => T.setRate(s, 0, E)).toThrow(RangeError);
    expect(() => T.setRate(s, -1, E)).toThrow(RangeError);
  });

  it('ends at the duration, and play at the end starts again', () => {
    let s = T.play(T.createTransport(60, E), E);
    expect(T.showTimeAt(s, E + 61)).toBe(60);
    expect(T.isEnded(s, E + 61)).toBe(true);
    s = T.play(s, E + 70);
    expect(T.showTimeAt(s, E + 71)).toBe(1);
  });

  it('loops, keeping travel continuous while show time wraps', () => {
    let s = T.play(T.createTransport(100, E), E);
    s = T.setLoop(s, { startS: 10, endS: 30 }, E + 5);
    expect(T.showTimeAt(s, E + 5)).toBe(5);
    expect(T.showTimeAt(s, E + 29)).toBe(29);
    expect(T.showTimeAt(s, E + 30)).toBe(10);
    expect(T.showTimeAt(s, E + 45)).toBe(25);
    expect(T.showTimeAt(s, E + 1005)).toBeCloseTo(10 + ((1005 - 10) % 20), 9);
    expect(T.travelAt(s, E + 45)).toBe(45);
    expect(() => T.setLoop(s, { startS: 30, endS: 10 }, E)).toThrow(RangeError);
  });

  it('never mutates a state', () => {
    const s = Object.freeze(T.createTransport(100, E));
    expect(() => T.seek(T.pause(T.play(s, E), E + 1), 50, E + 2)).not.toThrow();
    expect(s.status).toBe('stopped');
  });
});
