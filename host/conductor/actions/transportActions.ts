import { done, refused, type ActionContext, type ActionGroup } from './ActionContext.ts';

/** Seeks to the start of chapter `index`, or refuses a chapter the show does not have. */
function goToChapter(c: ActionContext, index: number) {
  const chapters = c.showing.show.chapters;
  const ch = chapters[index];
  if (!ch) return refused(`chapter ${index + 1} does not exist (the show has ${chapters.length})`);
  c.showing.seek(ch.startS, c.epochS);
  return done(`chapter ${index + 1}`);
}

/** The show clock's commands: GO, hold, stop, go to a time or a chapter, rate. */
export const transportActions: ActionGroup<'play' | 'pause' | 'stop' | 'seek' | 'chapter' | 'nextChapter' | 'previousChapter' | 'rate'> = {
  play: (_cmd, c) => {
    c.languageTaken(c.showing.play(c.epochS));
    // GO brings back every output window given up on: the operator wants the hall lit.
    for (const name of c.outputWindows?.reviveGivenUp() ?? []) c.note('info', `output window ${name} reopened by GO`);
    return done('playing');
  },
  pause: (_cmd, c) => {
    c.showing.pause(c.epochS);
    return done('paused');
  },
  stop: (_cmd, c) => {
    c.languageTaken(c.showing.stop(c.epochS));
    return done('stopped');
  },
  seek: (cmd, c) => {
    const durationS = c.showing.show.durationS;
    if (cmd.toS > durationS) return refused(`seek: ${cmd.toS} s is after the end of the show (${durationS} s)`);
    c.showing.seek(cmd.toS, c.epochS);
    return done(`at ${cmd.toS.toFixed(2)} s`);
  },
  chapter: (cmd, c) => goToChapter(c, cmd.index),
  nextChapter: (_cmd, c) => goToChapter(c, c.showing.chapterIndexAt(c.epochS) + 1),
  previousChapter: (_cmd, c) => goToChapter(c, Math.max(0, c.showing.chapterIndexAt(c.epochS) - 1)),
  rate: (cmd, c) => {
    c.showing.setRate(cmd.rate, c.epochS);
    return done(`rate ${cmd.rate}`);
  },
};
