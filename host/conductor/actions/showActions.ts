import { done, refused, type ActionGroup } from './ActionContext.ts';

/** What runs: a show by name, and the showing's language. */
export const showActions: ActionGroup<'loadShow' | 'language'> = {
  loadShow: (cmd, c) => {
    const loaded = c.loadShow(cmd.show);
    if (!loaded.ok) return refused(loaded.message);
    // A new show is a new showing: the queued language applies, if the show offers it.
    const lacking = c.showing.load(loaded.show, c.epochS);
    c.showLoaded(loaded.file, loaded.audioProblems ?? []);
    return done(`loaded ${loaded.show.id}${lacking === null ? '' : `; it has no ${lacking}, so it runs in ${loaded.show.defaultLanguage}`}`);
  },
  language: (cmd, c) => c.showing.chooseLanguage(cmd.lang, c.epochS),
};
