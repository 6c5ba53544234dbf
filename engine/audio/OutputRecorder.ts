import type { BaseContext } from 'tone';

/** An AudioWorklet that hands every rendered block, with its context frame, to the main thread. */
const WORKLET = `
class PanoramaRecorder extends AudioWorkletProcessor {
  process(inputs) {
    const input = inputs[0];
    if (input && input.length > 0) this.port.postMessage({ frame: currentFrame, channels: input.map((c) => c.slice()) });
    return true;
  }
}
registerProcessor('panorama-recorder', PanoramaRecorder);
`;

/** A sound the recorder heard: its context time (s), channel and value. */
export interface RecordedImpulse {
  readonly ctxS: number;
  readonly channel: number;
  readonly value: number;
}

/**
 * Records what the engine sends to the device, sample by sample with its context frame, so tests
 * and the `?record=1` audio page can check onsets against the timeline without a loopback device.
 * It taps the device-channel signal just before the destination (context time, before the device's
 * output latency, which the clock map accounts for).
 */
export class OutputRecorder {
  private blocks: { frame: number; channels: Float32Array[] }[] = [];
  private frames = 0;

  /** Where the signal to record goes in (connect each new speaker graph's output to it). */
  input: AudioNode | null = null;

  private constructor(
    private readonly sampleRate: number,
    private readonly maxFrames: number,
  ) {}

  /** Starts recording `source` (device channels) in `context`; keeps at most `maxSeconds`. */
  static async start(context: BaseContext, source: AudioNode, channels: number, maxSeconds = 600): Promise<OutputRecorder> {
    // The native worklet API on the page's native context (see web/audio/AudioApp.ts).
    const raw = context.rawContext as unknown as AudioContext;
    const url = URL.createObjectURL(new Blob([WORKLET], { type: 'text/javascript' }));
    try {
      await raw.audioWorklet.addModule(url);
    } finally {
      URL.revokeObjectURL(url);
    }
    const rec = new OutputRecorder(context.sampleRate, Math.round(maxSeconds * context.sampleRate));
    const node = new AudioWorkletNode(raw, 'panorama-recorder', { numberOfInputs: 1, numberOfOutputs: 1, channelCount: channels, channelCountMode: 'explicit', channelInterpretation: 'discrete' });
    node.port.onmessage = (ev: MessageEvent<{ frame: number; channels: Float32Array[] }>) => rec.add(ev.data);
    source.connect(node);
    rec.input = node;
    // A silent path to the destination keeps the worklet pulled by the graph.
    const mute = context.createGain();
    mute.gain.value = 0;
    node.connect(mute);
    mute.connect(raw.destination);
    return rec;
  }

  private add(block: { frame: number; channels: Float32Array[] }): void {
    this.blocks.push(block);
    this.frames += block.channels[0]?.length ?? 0;
    while (this.frames > this.maxFrames && this.blocks.length > 1) this.frames -= this.blocks.shift()!.channels[0]?.length ?? 0;
  }

  /** Seconds of sound held. */
  get seconds(): number {
    return this.frames / this.sampleRate;
  }

  /** Forgets what was recorded. */
  clear(): void {
    this.blocks = [];
    this.frames = 0;
  }

  /**
   * The onsets heard: every sample above `threshold` that follows at least `quietS` of silence on its
   * channel (a click, or the start of any sound after a pause).
   */
  onsets(threshold = 1e-4, quietS = 0.02): RecordedImpulse[] {
    const quiet = Math.round(quietS * this.sampleRate);
    const out: RecordedImpulse[] = [];
    const lastLoud: number[] = [];
    for (const b of this.blocks) {
      b.channels.forEach((data, ch) => {
        for (let i = 0; i < data.length; i++) {
          if (Math.abs(data[i]!) <= threshold) continue;
          const frame = b.frame + i;
          const prev = lastLoud[ch];
          if (prev === undefined || frame - prev > quiet) out.push({ ctxS: frame / this.sampleRate, channel: ch, value: data[i]! });
          lastLoud[ch] = frame;
        }
      });
    }
    return out.sort((a, b) => a.ctxS - b.ctxS || a.channel - b.channel);
  }
}
