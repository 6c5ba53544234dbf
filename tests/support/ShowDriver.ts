import { parseShowText, parseShowValue } from '../../engine/core/show/parseShow.ts';
import type { Show } from '../../engine/core/show/showSchema.ts';
import { formatProblem } from '../../engine/core/json/parseJsonText.ts';
import type { LoopRange, TransportState } from '../../engine/core/clock/transport.ts';
import { Showing } from '../../engine/core/show/Showing.ts';
import type { TimelineEvent } from '../../engine/core/timeline/compileShow.ts';
import type { FrameState, ImageLayerState, LightLayerState } from '../../engine/core/timeline/FrameState.ts';
import type { TimelineEvaluator } from '../../engine/core/timeline/TimelineEvaluator.ts';

/** An event fired by the driver, with the epoch and show time of the frame that fired it. */
export interface FiredEvent {
  readonly event: TimelineEvent;
  readonly epochS: number;
  readonly showS: number;
}

/**
 * A headless driver for whole shows (in the spirit of tldraw's TestEditor): load a show, operate the
 * transport, advance the shared clock frame by frame, and ask what is lit and which cues fired. It runs
 * the conductor's own showing (`core/show/Showing.ts`: transport, cue cursor, language); only the clock
 * is simulated (the epoch is an explicit number).
 */
export class ShowDriver {
  readonly show: Show;
  readonly evaluator: TimelineEvaluator;
  private readonly showing: Showing;
  private epoch: number;
  /** Every event fired so far, in firing order. */
  readonly fired: FiredEvent[] = [];
  /** The frame state of the last rendered frame. */
  frame: FrameState;

  /** Creates a driver at epoch `epochS` (default 1000 s, an arbitrary shared-clock reading). */
  constructor(show: Show, epochS = 1000) {
    this.show = show;
    this.showing = new Showing(show, show.defaultLanguage, epochS);
    this.evaluator = this.showing.evaluator;
    this.epoch = epochS;
    this.frame = this.evaluator.evaluate(0);
  }

  /** Loads a show from JSON text or a parsed value; throws with every problem listed if invalid. */
  static load(input: string | unknown, epochS?: number): ShowDriver {
    const r = typeof input === 'string' ? parseShowText(input) : parseShowValue(input);
    if (!r.ok) throw new Error('invalid show:\n' + r.problems.map(formatProblem).join('\n'));
    return new ShowDriver(r.value.show, epochS);
  }

  /** The shared-clock time now. */
  get epochS(): number {
    return this.epoch;
  }
  /** The transport state now. */
  get state(): TransportState {
    return this.showing.transport;
  }
  /** Show time now. */
  get showS(): number {
    return this.showing.showTimeAt(this.epoch);
  }

  /** Starts or resumes, then renders a frame. */
  play(): this {
    this.showing.play(this.epoch);
    return this.render();
  }
  /** Holds the playhead, then renders a frame. */
  pause(): this {
    this.showing.pause(this.epoch);
    return this.render();
  }
  /** Stops at the top, then renders a frame. */
  stop(): this {
    this.showing.stop(this.epoch);
    return this.render();
  }
  /** Jumps to show time `showS`, then renders a frame. */
  seek(showS: number): this {
    this.showing.seek(showS, this.epoch);
    return this.render();
  }
  /** Changes the playback rate, then renders a frame. */
  setRate(rate: number): this {
    this.showing.setRate(rate, this.epoch);
    return this.render();
  }
  /** Sets or clears the loop range, then renders a frame. */
  setLoop(loop: LoopRange | null): this {
    this.showing.setLoop(loop, this.epoch);
    return this.render();
  }

  /** Advances the shared clock by `seconds`, rendering a frame every `frameS` (default 60 Hz) and at the end. */
  advance(seconds: number, frameS = 1 / 60): this {
    const end = this.epoch + seconds;
    const start = this.epoch;
    for (let k = 1; start + k * frameS < end; k++) {
      this.epoch = start + k * frameS;
      this.render();
    }
    this.epoch = end;
    return this.render();
  }

  /** Plays (if needed) until show time reaches `showS`, at 60 Hz frames. */
  advanceToShowTime(showS: number, frameS = 1 / 60): this {
    if (this.state.status !== 'playing') this.play();
    const remaining = (showS - this.showS) / this.state.rate;
    if (remaining > 0) this.advance(remaining, frameS);
    return this;
  }

  /** Renders one frame at the current epoch: evaluates the show and fires the cues passed since the last frame. */
  render(): this {
    const showS = this.showS;
    for (const event of this.showing.update(this.epoch)) this.fired.push({ event, epochS: this.epoch, showS });
    this.frame = this.evaluator.evaluate(showS);
    return this;
  }

  /** The visible layer of a clip, or undefined when the clip is not active. */
  layer(clipId: string): LightLayerState | ImageLayerState | undefined {
    return this.frame.layers.find((l) => l.clipId === clipId);
  }

  /** True when the clip is active and contributes (gain > 0). */
  isLit(clipId: string): boolean {
    const l = this.layer(clipId);
    return l !== undefined && l.gain > 0;
  }

  /** Ids of the cues fired so far, in order (chapter marks excluded). */
  firedCueIds(): string[] {
    return this.fired.filter((f) => f.event.kind === 'cue').map((f) => f.event.id);
  }

  /** Ids of the chapters entered so far, in order. */
  enteredChapterIds(): string[] {
    return this.fired.filter((f) => f.event.kind === 'chapter').map((f) => f.event.id);
  }
}
