import type { ActionGroup } from './ActionContext.ts';

/** Calibration: the lock, test patterns, the working profile and its versions (the registry refuses all but the lock while locked). */
export const calibrationActions: ActionGroup<'calibrationLock' | 'testPattern' | 'setProjector' | 'saveProfile' | 'rollbackProfile' | 'markBaseline'> = {
  calibrationLock: (cmd, c) => c.calibration.setLocked(cmd.locked),
  testPattern: (cmd, c) => c.calibration.testPattern(cmd),
  setProjector: (cmd, c) => c.calibration.setProjector(cmd),
  saveProfile: (cmd, c) => c.calibration.save(cmd),
  rollbackProfile: (cmd, c) => c.calibration.rollback(cmd),
  markBaseline: (cmd, c) => c.calibration.markBaseline(cmd),
};
