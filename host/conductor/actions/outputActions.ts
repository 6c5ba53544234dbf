import { done, refused, type ActionGroup } from './ActionContext.ts';

/** The outputs themselves: blackout, and reopening their windows through whoever owns them. */
export const outputActions: ActionGroup<'blackout' | 'reloadOutput'> = {
  blackout: (cmd, c) => {
    c.setBlackout(cmd.on);
    return done(cmd.on ? 'blackout' : 'blackout off');
  },
  reloadOutput: (cmd, c) => {
    const id = cmd.projectorId;
    if (id !== null && !c.calibration.profile.projectors.some((p) => p.id === id)) return c.calibration.unknownProjector('reloadOutput: projectorId', id);
    if (!c.outputWindows) return refused('reloadOutput: this conductor opened no output windows (headless, or pages opened by hand): reload the page where it runs');
    return c.outputWindows.reload(id);
  },
};
