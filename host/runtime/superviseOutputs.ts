import type { ConductorStatus } from '../../engine/core/protocol/status.ts';
import type { CommandResult, OutputWindows } from '../conductor/Conductor.ts';
import { OutputWatchdog } from './outputWatchdog.ts';

/** An output window to supervise: its name in the runtime and the projectors its page shows (several for a preview). */
export interface SupervisedWindow {
  readonly name: string;
  readonly projectorIds: readonly string[];
  /** True for a preview tiling several projectors (its reports say so). */
  readonly preview: boolean;
}

/** What the supervisor needs from the conductor. */
export interface SupervisedConductor {
  status(): ConductorStatus;
  note(level: 'info' | 'warn' | 'error', message: string): void;
  attachOutputWindows(windows: OutputWindows): () => void;
}

/** What the supervisor needs from the window runtime (ChromiumRuntime implements it). */
export interface SupervisedRuntime {
  /** Closes and reopens a window under the recovery policy (a hung page). */
  restart(name: string): void;
  /** Brings windows back whatever the recovery policy decided (a browser that is gone is relaunched once); returns those it knew. */
  revive(names: readonly string[]): string[];
  /** Windows the recovery policy gave up on. */
  givenUp(): string[];
}

/** Options of {@link superviseOutputs}. */
export interface SuperviseOptions {
  /** How often the watchdog looks, ms (default 1000). */
  readonly intervalMs?: number;
  /** Seconds without a report after which a window is restarted (default 5). */
  readonly silentS?: number;
}

/**
 * Keeps a runtime's output windows alive for the conductor: a watchdog restarts windows whose page
 * stopped reporting (never those the recovery policy gave up on: they wait for the operator), and the
 * conductor's reloadOutput and GO reach the runtime through the OutputWindows interface. Shared by
 * `npm start` and the end-to-end tests; returns a function that stops it.
 */
export function superviseOutputs(conductor: SupervisedConductor, runtime: SupervisedRuntime, windows: readonly SupervisedWindow[], options: SuperviseOptions = {}): () => void {
  const watchdog = new OutputWatchdog(options.silentS ?? 5);
  const watched = new Map(windows.map((w) => [w.name, { projectorIds: w.projectorIds, preview: w.preview }]));
  const revive = (names: readonly string[]): void => {
    for (const name of names) watchdog.forget(name);
    runtime.revive(names);
  };
  const detach = conductor.attachOutputWindows({
    reload(projectorId: string | null): CommandResult {
      const names = windows.filter((w) => projectorId === null || w.projectorIds.includes(projectorId)).map((w) => w.name);
      if (names.length === 0) return { ok: false, message: `reloadOutput: no output window here shows ${projectorId ?? 'any projector'}` };
      revive(names);
      const shown = names.map((n) => {
        const ids = watched.get(n)!.projectorIds;
        return ids.length === 1 && ids[0] === n ? n : `${n} (${ids.join(', ')})`;
      });
      return { ok: true, message: `reopening output window${names.length === 1 ? '' : 's'} ${shown.join(', ')}` };
    },
    reviveGivenUp(): string[] {
      const names = runtime.givenUp().filter((n) => watched.has(n));
      revive(names);
      return names;
    },
  });
  const timer = setInterval(() => {
    const status = conductor.status();
    const givenUp = new Set(runtime.givenUp());
    const live = new Map([...watched].filter(([name]) => !givenUp.has(name)));
    for (const name of watchdog.check(live, status.outputs, status.epochS)) {
      conductor.note('warn', `output ${name} stopped reporting; restarting its window`);
      runtime.restart(name);
    }
  }, options.intervalMs ?? 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    detach();
  };
}
