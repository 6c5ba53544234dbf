import { commandInfo, type Command, type CommandName, type CommandOf, type CommandResult } from '../../../engine/core/protocol/commands.ts';
import { CALIBRATION_LOCKED_MESSAGE } from '../CalibrationSession.ts';
import { refused, type Action, type ActionContext } from './ActionContext.ts';
import { calibrationActions } from './calibrationActions.ts';
import { outputActions } from './outputActions.ts';
import { showActions } from './showActions.ts';
import { transportActions } from './transportActions.ts';

/** One action per command of the registry: a command without one does not compile. */
export type ActionTable = { readonly [N in CommandName]: Action<N> };

/** What every command does, by group (engine/core/protocol defines the commands, these perform them). */
export const ACTIONS: ActionTable = {
  ...transportActions,
  ...showActions,
  ...outputActions,
  ...calibrationActions,
};

function run<N extends CommandName>(table: ActionTable, name: N, cmd: CommandOf<N>, c: ActionContext): CommandResult {
  return table[name](cmd, c);
}

/**
 * Performs `cmd` through its action, unless the registry says not now: a command that needs the
 * calibration lock off is refused while it is on. (Who may send it, `roles`, is checked where the
 * sender is known: the HTTP and WebSocket adapters; OSC checks `privileged`.)
 */
export function performAction(cmd: Command, c: ActionContext, table: ActionTable = ACTIONS): CommandResult {
  if (commandInfo(cmd.command).needsUnlock && c.calibration.locked) return refused(`${cmd.command}: ${CALIBRATION_LOCKED_MESSAGE}`);
  return run(table, cmd.command, cmd, c);
}
