import type { BaseContext } from 'tone';
import type { AudioRoute } from '../core/show/showSchema.ts';
import { deviceGains, foldDownMatrix, routeGains, type SpeakerPlan, type Vec3M } from '../core/audio/speakerPlan.ts';

/**
 * The fixed part of the audio graph, between the voices and the device.
 *
 * In the hall (the device has a channel for every speaker): one bus per speaker — level trim, then a
 * delay of whole samples so every speaker's sound reaches the eye point together — into its own
 * channel, and the whole audio scheduled `advanceS` early so that moment is the light's.
 *
 * Folded down (fewer channels, e.g. a laptop's two): one bus per device channel and each voice's
 * speaker gains folded onto them with constant power (the core's deviceGains); no delays and no
 * advance, since the listener is not in the hall, and delayed copies summed on one channel would comb.
 *
 * Everything meets in a ChannelMerger feeding the destination, set to that many discrete channels.
 */
export class SpeakerGraph {
  private readonly buses: GainNode[] = [];
  private readonly nodes: AudioNode[] = [];
  private readonly merger: ChannelMergerNode;
  private readonly matrix: number[][];
  /** Channels of the device this graph drives. */
  readonly deviceChannels: number;
  /** True when every speaker has its own device channel (delays and advance apply). */
  readonly inHall: boolean;
  /** Seconds the audio is scheduled ahead of the light (0 when folded down). */
  readonly advanceS: number;
  /** Delay of each bus, seconds (whole samples), index-aligned with the buses. */
  readonly busDelaysS: readonly number[];

  constructor(
    context: BaseContext,
    readonly plan: SpeakerPlan,
    private readonly eyeM: Vec3M,
    deviceChannels: number,
  ) {
    const sr = context.sampleRate;
    const destination = (context.rawContext as unknown as BaseAudioContext).destination;
    const needed = plan.speakers.reduce((m, s) => Math.max(m, s.channel + 1), 1);
    this.deviceChannels = Math.max(1, Math.floor(deviceChannels));
    this.inHall = this.deviceChannels >= needed;
    this.advanceS = this.inHall ? plan.advanceS : 0;
    this.matrix = foldDownMatrix(plan, this.deviceChannels);
    // An OfflineAudioContext's destination has its channel count fixed at creation (and refuses a set).
    if (destination.channelCount !== this.deviceChannels) destination.channelCount = this.deviceChannels;
    if (destination.channelCountMode !== 'explicit') destination.channelCountMode = 'explicit';
    if (destination.channelInterpretation !== 'discrete') destination.channelInterpretation = 'discrete';
    this.merger = context.createChannelMerger(this.deviceChannels);
    this.merger.connect(destination as unknown as AudioNode);
    const mono = (g: GainNode, value: number) => {
      g.channelCount = 1;
      g.channelCountMode = 'explicit';
      g.gain.value = value;
      return g;
    };
    if (this.inHall) {
      const maxDelayS = Math.max(1, ...plan.speakers.map((s) => s.delayS + 0.01));
      const delays: number[] = [];
      for (const sp of plan.speakers) {
        const bus = mono(context.createGain(), sp.gain);
        // Whole samples: a fractional delay interpolates and smears a sample-exact onset over two samples.
        const delayS = Math.round(Math.max(0, sp.delayS) * sr) / sr;
        const delay = context.createDelay(maxDelayS);
        delay.delayTime.value = delayS;
        bus.connect(delay);
        delay.connect(this.merger, 0, sp.channel);
        this.buses.push(bus);
        this.nodes.push(bus, delay);
        delays.push(delayS);
      }
      this.busDelaysS = delays;
    } else {
      for (let ch = 0; ch < this.deviceChannels; ch++) {
        const bus = mono(context.createGain(), 1);
        bus.connect(this.merger, 0, ch);
        this.buses.push(bus);
        this.nodes.push(bus);
      }
      this.busDelaysS = this.buses.map(() => 0);
    }
  }

  /** The device-channel signal as it goes to the destination (for a recorder tapping the output). */
  get output(): AudioNode {
    return this.merger;
  }

  /** Number of buses a voice may feed. */
  get busCount(): number {
    return this.buses.length;
  }

  /** The bus `i` (mono). */
  bus(i: number): AudioNode {
    const n = this.buses[i];
    if (!n) throw new RangeError(`no bus ${i} (the graph has ${this.buses.length})`);
    return n;
  }

  /**
   * A voice's gain on each bus for its route: the speakers' gains in the hall (speaker trims apply in
   * the buses), or those gains folded onto the device channels with constant power (trims included).
   */
  gainsFor(route: AudioRoute | null): number[] {
    const g = routeGains(route, this.plan, this.eyeM);
    if (this.inHall) return g;
    return deviceGains(g.map((x, i) => x * this.plan.speakers[i]!.gain), this.matrix);
  }

  /** Disconnects every node. */
  dispose(): void {
    for (const n of this.nodes) n.disconnect();
    this.merger.disconnect();
  }
}
