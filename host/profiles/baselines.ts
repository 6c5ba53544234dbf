import { join } from 'node:path';
import { z } from 'zod';
import { appendJsonLine, readJsonLines } from './jsonLines.ts';

/** One line of a profile's baseline log (`baselines.jsonl`): a version marked or unmarked. */
export const BaselineEntrySchema = z.strictObject({
  version: z.number().int().min(1),
  /** True: marked as a baseline (never pruned); false: unmarked. */
  baseline: z.boolean(),
  who: z.string().max(200),
  /** ISO 8601 time of the mark. */
  when: z.string().max(40),
  note: z.string().max(2000),
});

/** One mark or unmark as the log records it. */
export type BaselineEntry = z.infer<typeof BaselineEntrySchema>;

/** Who marked a version as a baseline, when and why. */
export interface BaselineMark {
  readonly who: string;
  readonly when: string;
  readonly note: string;
}

/**
 * The baseline marks of one profile's history, kept beside its version log in an append-only,
 * flushed `baselines.jsonl`: every mark and unmark stays recorded; the last line for a version says
 * whether it is a baseline now.
 */
export class BaselineLog {
  private readonly file: string;

  constructor(
    historyDir: string,
    private readonly warn: (message: string) => void,
  ) {
    this.file = join(historyDir, 'baselines.jsonl');
  }

  /** Every mark and unmark, oldest first. */
  entries(): BaselineEntry[] {
    return readJsonLines(this.file, BaselineEntrySchema, this.warn);
  }

  /** The versions that are baselines now, with their mark. */
  current(): Map<number, BaselineMark> {
    const out = new Map<number, BaselineMark>();
    for (const e of this.entries()) {
      if (e.baseline) out.set(e.version, { who: e.who, when: e.when, note: e.note });
      else out.delete(e.version);
    }
    return out;
  }

  /** Records a mark or an unmark (flushed before it returns). */
  append(entry: BaselineEntry): void {
    appendJsonLine(this.file, entry);
  }
}
