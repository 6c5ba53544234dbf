import { describe, expect, it } from 'vitest';
import { COMMANDS, type Command, type CommandName } from '../../../engine/core/protocol/commands.ts';
import { shippedProfile, shippedShow } from '../../../tests/support/shippedDocuments.ts';
import { refuseCommand } from '../access.ts';
import { CALIBRATION_LOCKED_MESSAGE, Conductor } from '../Conductor.ts';
import type { ActionContext } from './ActionContext.ts';
import { ACTIONS, performAction, type ActionTable } from './actions.ts';

const show = shippedShow('demo');
const profile = shippedProfile('preview-3');

/** One valid example of every command. */
const EXAMPLES: { readonly [N in CommandName]: Extract<Command, { command: N }> } = {
  play: { command: 'play' },
  pause: { command: 'pause' },
  stop: { command: 'stop' },
  seek: { command: 'seek', toS: 30 },
  chapter: { command: 'chapter', index: 1 },
  nextChapter: { command: 'nextChapter' },
  previousChapter: { command: 'previousChapter' },
  blackout: { command: 'blackout', on: true },
  rate: { command: 'rate', rate: 2 },
  loadShow: { command: 'loadShow', show: 'demo' },
  language: { command: 'language', lang: 'fr' },
  calibrationLock: { command: 'calibrationLock', locked: false },
  testPattern: { command: 'testPattern', projectorId: 'P01', pattern: 'grid' },
  setProjector: { command: 'setProjector', projectorId: 'P01', patch: { blackLevel: 0.01 } },
  saveProfile: { command: 'saveProfile', who: 'tech', note: '' },
  rollbackProfile: { command: 'rollbackProfile' },
  markBaseline: { command: 'markBaseline', version: 1, baseline: true, who: 'tech', note: '' },
  reloadOutput: { command: 'reloadOutput', projectorId: null },
};

function conductor(): Conductor {
  return new Conductor({ show, showFile: 'demo.show.json', profile, profileFile: 'preview-3.json' }, () => 5000, () => ({ ok: true, show, file: 'demo.show.json' }), 'en');
}

/** A table whose every action records its name, and a context with the lock as given. */
function spyTable(locked: boolean) {
  const calls: string[] = [];
  const table = Object.fromEntries(COMMANDS.map((c) => [c.name, () => (calls.push(c.name), { ok: true, message: c.name })])) as unknown as ActionTable;
  const context = { calibration: { locked } } as unknown as ActionContext;
  return { calls, table, context };
}

describe('command actions', () => {
  it('has one action per registered command and nothing else', () => {
    expect(Object.keys(ACTIONS).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });

  it('dispatches each command to its own action', () => {
    const { calls, table, context } = spyTable(false);
    for (const cmd of Object.values(EXAMPLES)) expect(performAction(cmd, context, table)).toEqual({ ok: true, message: cmd.command });
    expect(calls).toEqual(Object.keys(EXAMPLES));
  });

  it('refuses, exactly as before, every command that needs the lock off while it is on, without reaching its action', () => {
    const { calls, table, context } = spyTable(true);
    for (const cmd of Object.values(EXAMPLES)) {
      const needsUnlock = COMMANDS.find((c) => c.name === cmd.command)!.needsUnlock;
      expect(performAction(cmd, context, table)).toEqual(needsUnlock ? { ok: false, message: `${cmd.command}: ${CALIBRATION_LOCKED_MESSAGE}` } : { ok: true, message: cmd.command });
    }
    expect(calls).toEqual(COMMANDS.filter((c) => !c.needsUnlock).map((c) => c.name));
  });

  it('performs every example on a real conductor (refusals only for what it lacks: a version store, output windows)', () => {
    const c = conductor();
    const results = Object.fromEntries(Object.values(EXAMPLES).map((cmd) => [cmd.command, c.perform(cmd)]));
    const noStore = /has no version store/;
    for (const [name, r] of Object.entries(results)) {
      if (name === 'saveProfile' || name === 'rollbackProfile' || name === 'markBaseline') expect(r).toEqual({ ok: false, message: expect.stringMatching(noStore) });
      else if (name === 'reloadOutput') expect(r).toEqual({ ok: false, message: expect.stringMatching(/^reloadOutput: this conductor opened no output windows/) });
      else expect(r, name).toMatchObject({ ok: true });
    }
    expect(c.status().events.filter((e) => e.message.startsWith('command ')).length).toBe(14);
  });

  it('leaves who may send a command to the registry: a visitor is refused every one, with the reason', () => {
    for (const name of Object.keys(EXAMPLES) as CommandName[]) expect(refuseCommand('viewer', name)).toEqual({ status: 403, message: `${name} needs the operator role; the visitor token (visitor-token) may send no commands` });
  });
});
