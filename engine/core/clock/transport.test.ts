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

describe('transport: travel, epochs and loop passes (for schedulers)', () => {
  const E = 5000;

  it('maps travel back to the epoch at the transport rate', () => {
    let s = T.play(T.createTransport(600, E), E);
    s = T.setRate(s, 2, E + 10);
    expect(T.travelAt(s, E + 15)).toBe(20);
    expect(T.epochOfTravel(s, 20)).toBe(E + 15);
    for (const travel of [10, 33.25, 500]) expect(T.travelAt(s, T.epochOfTravel(s, travel))).toBeCloseTo(travel, 9);
  });

  it('finds the pass of the loop a travel falls in, and show time within that pass', () => {
    let s = T.play(T.createTransport(100, E), E);
    s = T.setLoop(s, { startS: 10, endS: 30 }, E);
    expect(T.loopLengthS(s)).toBe(20);
    expect(T.loopIterationAt(s, 5)).toEqual({ k: 0, endTravelS: 30 });
    expect(T.loopIterationAt(s, 29.999)).toEqual({ k: 0, endTravelS: 30 });
    expect(T.loopIterationAt(s, 30)).toEqual({ k: 1, endTravelS: 50 });
    expect(T.loopIterationAt(s, 75)).toEqual({ k: 3, endTravelS: 90 });
    // Within a pass show time is not wrapped: the pass's own end stays at the loop's end.
    expect(T.showTimeInIteration(s, 1, 50)).toBe(30);
    expect(T.showTimeInIteration(s, 3, 75)).toBe(15);
    expect(T.showTimeAt(s, E + 75)).toBe(15);
    expect(T.travelInIteration(s, 3, 15)).toBe(75);
  });

  it('has one pass without a loop, ending at the show end, show time clamped to the show', () => {
    const s = T.play(T.createTransport(100, E), E);
    expect(T.loopLengthS(s)).toBe(0);
    expect(T.loopIterationAt(s, 250)).toEqual({ k: 0, endTravelS: 100 });
    expect(T.showTimeInIteration(s, 0, 250)).toBe(100);
    expect(T.showTimeInIteration(s, 0, 40)).toBe(40);
    expect(T.travelInIteration(s, 0, 40)).toBe(40);
  });

  it('tells a repeated state from a change', () => {
    const s = T.play(T.createTransport(100, E), E);
    expect(T.samePlayback(null, s)).toBe(false);
    expect(T.samePlayback(s, { ...s })).toBe(true);
    expect(T.samePlayback(s, { ...s, loop: null })).toBe(true);
    const looped = T.setLoop(s, { startS: 10, endS: 30 }, E + 1);
    expect(T.samePlayback(looped, { ...looped, loop: { startS: 10, endS: 30 } })).toBe(true);
    expect(T.samePlayback(s, T.seek(s, 50, E + 1))).toBe(false);
    expect(T.samePlayback(s, T.setRate(s, 2, E + 1))).toBe(false);
    expect(T.samePlayback(s, T.pause(s, E + 1))).toBe(false);
  });
});
