import { describe, expect, it } from 'vitest';
import { CALIBRATION_COMMANDS, COMMANDS, CommandSchema, commandFromOsc, commandInfo, mayPerform, type Command } from './commands.ts';

describe('the command registry', () => {
  it('defines every command once: unique names and OSC addresses, and the schema takes exactly those names, in the same order', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(COMMANDS.map((c) => c.osc)).size).toBe(names.length);
    expect(CommandSchema.options.map((o) => o.shape.command.value)).toEqual(names);
    for (const name of names) expect(commandInfo(name).name).toBe(name);
  });

  it('says when a command is allowed: the lock refuses the calibration commands but the lock itself; only the operator sends any', () => {
    expect(CALIBRATION_COMMANDS).toEqual(['testPattern', 'setProjector', 'saveProfile', 'rollbackProfile', 'markBaseline']);
    expect(COMMANDS.filter((c) => c.privileged).map((c) => c.name)).toEqual(['calibrationLock', ...CALIBRATION_COMMANDS]);
    for (const c of COMMANDS) {
      expect(mayPerform('operator', c.name)).toBe(true);
      expect(mayPerform('viewer', c.name)).toBe(false);
    }
  });

  it('refuses a command it does not know, or with a field it does not have, at the schema', () => {
    const unknown = CommandSchema.safeParse({ command: 'fly' });
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0]?.path).toEqual(['command']);
    expect(CommandSchema.safeParse({ command: 'play', now: true }).success).toBe(false);
  });

  it('maps every OSC address and its arguments to the command (numbers or booleans as OSC sends them)', () => {
    const cases: [string, unknown[], Command][] = [
      ['/panorama/play', [], { command: 'play' }],
      ['/panorama/pause', [], { command: 'pause' }],
      ['/panorama/stop', [], { command: 'stop' }],
      ['/panorama/seek', [12.5], { command: 'seek', toS: 12.5 }],
      ['/panorama/chapter', [true], { command: 'chapter', index: 1 }],
      ['/panorama/next', [], { command: 'nextChapter' }],
      ['/panorama/previous', [], { command: 'previousChapter' }],
      ['/panorama/blackout', [], { command: 'blackout', on: true }],
      ['/panorama/blackout', [0], { command: 'blackout', on: false }],
      ['/panorama/rate', [2], { command: 'rate', rate: 2 }],
      ['/panorama/load', ['demo'], { command: 'loadShow', show: 'demo' }],
      ['/panorama/language', ['fr'], { command: 'language', lang: 'fr' }],
      ['/panorama/calibration/lock', [0], { command: 'calibrationLock', locked: false }],
      ['/panorama/calibration/pattern', ['*', 'grid'], { command: 'testPattern', projectorId: null, pattern: 'grid' }],
      ['/panorama/calibration/pattern', ['P01', 'grayCode', 'y', 3, 1], { command: 'testPattern', projectorId: 'P01', pattern: { grayCode: { axis: 'y', bit: 3, inverse: true } } }],
      ['/panorama/calibration/projector', ['P01', '{"blackLevel":0.01}'], { command: 'setProjector', projectorId: 'P01', patch: { blackLevel: 0.01 } }],
      ['/panorama/calibration/save', ['tech'], { command: 'saveProfile', who: 'tech', note: '' }],
      ['/panorama/calibration/rollback', [], { command: 'rollbackProfile' }],
      ['/panorama/calibration/rollback', [3, 'tech'], { command: 'rollbackProfile', toVersion: 3, who: 'tech' }],
      ['/panorama/calibration/baseline', [2, 1, 'tech'], { command: 'markBaseline', version: 2, baseline: true, who: 'tech', note: '' }],
      ['/panorama/output/reload', ['*'], { command: 'reloadOutput', projectorId: null }],
      ['/panorama/output/reload', ['P02'], { command: 'reloadOutput', projectorId: 'P02' }],
    ];
    for (const [address, args, command] of cases) expect(commandFromOsc(address, args), address).toEqual({ ok: true, command });
    expect(new Set(cases.map(([, , c]) => c.command)).size).toBe(COMMANDS.length);
  });

  it('explains an OSC message it cannot take: unknown address, bad arguments, a patch that is not JSON', () => {
    expect(commandFromOsc('/panorama/fly', [])).toEqual({ ok: false, reason: 'unknown address "/panorama/fly"' });
    expect(commandFromOsc('/panorama/seek', ['soon'])).toEqual({ ok: false, reason: 'bad arguments for /panorama/seek: toS: Invalid input: expected number, received NaN' });
    expect(commandFromOsc('/panorama/calibration/projector', ['P01', '{bad'])).toEqual({ ok: false, reason: 'bad arguments for /panorama/calibration/projector: the patch is not JSON' });
  });
});
