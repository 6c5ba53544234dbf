import * as Tone from 'tone';
import { AudioClockMap } from '../../engine/core/audio/AudioClockMap.ts';
import { audioVoices, type AudioVoice } from '../../engine/core/audio/audioVoices.ts';
import { speakerPlan } from '../../engine/core/audio/speakerPlan.ts';
import { parseProfileValue } from '../../engine/core/profile/parseProfile.ts';
import type { Profile } from '../../engine/core/profile/profileSchema.ts';
import type { TransportState } from '../../engine/core/clock/transport.ts';
import type { ServerMessage } from '../../engine/core/protocol/messages.ts';
import type { AudioStatus } from '../../engine/core/protocol/status.ts';
import { parseShowValue } from '../../engine/core/show/parseShow.ts';
import type { Show } from '../../engine/core/show/showSchema.ts';
import { AudioEngine } from '../../engine/audio/AudioEngine.ts';
import { AudioFiles } from '../../engine/audio/AudioFiles.ts';
import { OutputRecorder } from '../../engine/audio/OutputRecorder.ts';
import { SpeakerGraph } from '../../engine/audio/SpeakerGraph.ts';
import { SynthCache, voiceBuffers } from '../../engine/audio/voiceBuffers.ts';
import type { ConductorLink } from '../shared/conductorLink.ts';

/** What the status view shows. */
export type AudioViewState = Omit<AudioStatus, 'ageS' | 'connected'> & { readonly message: string; readonly needsClick: boolean; readonly channels: string };

/**
 * The audio page's logic: one Tone context and one engine for the conductor machine. It loads the
 * documents the conductor sends, decodes every file the showing's language needs from /assets/, keeps
 * the AudioContext clock mapped to the conductor's epoch (getOutputTimestamp pairs, re-fitted
 * continuously), hands every transport to the engine, and reports to the conductor once a second.
 */
export class AudioApp {
  readonly context: Tone.Context;
  readonly clock = new AudioClockMap();
  private readonly raw: AudioContext;
  private readonly files: AudioFiles;
  private readonly synths = new SynthCache();
  engine: AudioEngine | null = null;
  graph: SpeakerGraph | null = null;
  recorder: OutputRecorder | null = null;
  private show: Show | null = null;
  private profile: Profile | null = null;
  private generation = -1;
  private loadSeq = 0;
  language = '';
  private voices: AudioVoice[] = [];
  private missingLanguage: readonly string[] = [];
  private state: AudioStatus['state'] = 'loading';
  private message = 'Waiting for the conductor…';
  private transportSeen = false;
  private transport: TransportState | null = null;
  private pairs = 0;
  private lastPairCtxS = -1;

  constructor(
    private readonly link: ConductorLink,
    private readonly view: (s: AudioViewState) => void,
    private readonly options: { readonly record: boolean },
  ) {
    // A native AudioContext handed to Tone: Tone's own wrapper (standardized-audio-context) lacks
    // getOutputTimestamp, which the clock map needs. 'playback' favours glitch-free output over
    // latency: the latency is measured and compensated.
    this.raw = new AudioContext({ latencyHint: 'playback' });
    this.context = new Tone.Context({ context: this.raw as unknown as Tone.BaseContext['rawContext'] });
    Tone.setContext(this.context);
    this.files = new AudioFiles((data) => this.context.decodeAudioData(data));
    this.samplePair();
    setInterval(() => this.report(), 1000);
  }

  /** Handles a message from the conductor. */
  onMessage(m: ServerMessage): void {
    if (m.type === 'documents' && m.generation !== this.generation) {
      this.generation = m.generation;
      void this.loadDocuments(m.profile, m.show, m.language);
    } else if (m.type === 'language' && this.show && m.language !== this.language) {
      void this.useLanguage(m.language);
    } else if (m.type === 'transport') {
      this.transport = m.transport;
      this.engine?.setTransport(m.transport);
      if (!this.transportSeen) {
        this.transportSeen = true;
        void this.resume();
      }
    }
  }

  /** Starts the context (the first transport does it; a click does it where the browser wants a gesture). */
  async resume(): Promise<void> {
    if (this.raw.state !== 'running') await Promise.race([this.context.resume(), new Promise((ok) => setTimeout(ok, 1000))]);
    this.refreshState();
    this.report();
  }

  private refreshState(): void {
    if (this.state === 'failed') return;
    if (this.show === null || this.engine === null) this.state = 'loading';
    else this.state = this.raw.state === 'running' ? 'running' : 'suspended';
  }

  private async loadDocuments(profileJson: unknown, showJson: unknown, language: string): Promise<void> {
    const profile = parseProfileValue(profileJson);
    const show = parseShowValue(showJson);
    if (!profile.ok || !show.ok) {
      this.state = 'failed';
      this.message = 'The conductor sent documents this page cannot read';
      this.report();
      return;
    }
    this.profile = profile.value;
    this.show = show.value.show;
    this.state = 'loading';
    this.engine?.dispose();
    // The old graph goes after the cut's 5 ms fade has played out.
    const old = this.graph;
    if (old) setTimeout(() => old.dispose(), 200);
    const eye = this.profile.hall.eyeM as [number, number, number];
    const plan = speakerPlan(this.profile.audio, eye);
    const needed = plan.speakers.reduce((m, s) => Math.max(m, s.channel + 1), 2);
    const max = this.raw.destination.maxChannelCount;
    // Every speaker on its own channel where the device has them; else a stereo fold-down.
    this.graph = new SpeakerGraph(this.context, plan, eye, max >= needed ? needed : Math.min(2, max));
    this.engine = new AudioEngine({ context: this.context, clock: this.clock, speakers: this.graph });
    this.engine.start();
    if (this.transport) this.engine.setTransport(this.transport);
    if (this.options.record && !this.recorder) this.recorder = await OutputRecorder.start(this.context, this.graph.output, this.graph.deviceChannels);
    else if (this.recorder?.input) this.graph.output.connect(this.recorder.input);
    await this.useLanguage(language);
  }

  /** Resolves the voices for `language`, loads what they need, and hands them to the engine. */
  private async useLanguage(language: string): Promise<void> {
    const show = this.show;
    if (!show || !this.engine) return;
    const seq = ++this.loadSeq;
    this.language = language;
    const voices = audioVoices(show, language);
    this.message = `Loading the sound for ${language}…`;
    this.report();
    await this.files.load(voices.flatMap((v) => (v.source.kind === 'file' ? [v.source.src] : [])));
    if (seq !== this.loadSeq || show !== this.show) return; // a newer language or show took over
    this.voices = voices;
    this.missingLanguage = voices.missingLanguage;
    this.engine.setVoices(voices, voiceBuffers(voices, this.files.buffers, this.synths, this.context.sampleRate));
    this.synths.retain(voices, this.context.sampleRate);
    this.message = '';
    this.refreshState();
    this.report();
  }

  /** Clips that stay silent: file missing or undecodable (by file name), or no recording in this language. */
  private clipsFailed(): AudioStatus['clipsFailed'] {
    const out: { clipId: string; file: string; reason: string }[] = [];
    for (const v of this.voices) {
      if (v.source.kind !== 'file') continue;
      const reason = this.files.failure(v.source.src);
      if (reason) out.push({ clipId: v.clipId, file: v.source.src, reason });
    }
    for (const id of this.missingLanguage) out.push({ clipId: id, file: '', reason: `has no recording in ${this.language}, no fallback and none in the show's default language` });
    return out.slice(0, 200);
  }

  /**
   * Adds a (context time, conductor epoch) pair to the clock map: getOutputTimestamp says which
   * context frame the device plays at which performance time, so output latency is inside the pair.
   * Quickly at first, then four times a second, for as long as the page lives.
   */
  private samplePair(): void {
    const ts = typeof this.raw.getOutputTimestamp === 'function' ? this.raw.getOutputTimestamp() : null;
    // The first output timestamps after the device starts are off by several ms (measured: 10 ms
    // through PulseAudio): pairs count from one second of running output on.
    if (this.link.estimate && this.raw.state === 'running' && this.raw.currentTime > 1) {
      if (ts && (ts.contextTime ?? 0) > 0 && (ts.performanceTime ?? 0) > 0) {
        // One pair per device callback: the timestamp holds between callbacks.
        if (ts.contextTime !== this.lastPairCtxS) this.clock.add(ts.contextTime!, this.link.toConductor((performance.timeOrigin + ts.performanceTime!) / 1000));
        this.lastPairCtxS = ts.contextTime!;
      } else {
        // No output timestamp: the frame being scheduled now is heard after the base and output latency.
        this.clock.add(this.raw.currentTime, this.link.toConductor((performance.timeOrigin + performance.now()) / 1000) + this.latencyS());
      }
      this.pairs++;
    }
    setTimeout(() => this.samplePair(), this.pairs < 32 ? 50 : 250);
  }

  private latencyS(): number {
    return (this.raw.baseLatency ?? 0) + (this.raw.outputLatency ?? 0);
  }

  /** The status as reported to the conductor and shown on the page. */
  status(): AudioViewState {
    this.refreshState();
    const failed = this.clipsFailed();
    const files = new Set(this.voices.flatMap((v) => (v.source.kind === 'file' ? [v.source.src] : [])));
    const loaded = this.voices.filter((v) => v.source.kind === 'synth' || this.files.buffers.has(v.source.src)).length;
    const ch = this.graph ? `${this.graph.deviceChannels} channel${this.graph.deviceChannels === 1 ? '' : 's'}${this.graph.inHall ? ', every speaker on its own' : ', folded down'}` : '—';
    return {
      state: this.state,
      language: this.language,
      clipsLoaded: loaded,
      clipsFailed: failed,
      contextLatencyMs: Math.min(10_000, this.latencyS() * 1000),
      clockRatePpm: this.clock.ready ? this.clock.ratePpm : 0,
      driftMs: this.engine?.driftMs ?? 0,
      lastShowS: this.engine?.showTimeNow() ?? 0,
      message: this.message || (files.size === 0 && this.voices.length === 0 && this.show ? 'The show has no audio clips' : ''),
      needsClick: this.transportSeen && this.raw.state !== 'running',
      channels: ch,
    };
  }

  private report(): void {
    const s = this.status();
    this.view(s);
    this.link.send({
      type: 'audioReport',
      state: s.state,
      language: s.language.slice(0, 40),
      clipsLoaded: s.clipsLoaded,
      clipsFailed: s.clipsFailed.map((f) => ({ clipId: f.clipId.slice(0, 64), file: f.file.slice(0, 1000), reason: f.reason.slice(0, 500) })),
      contextLatencyMs: s.contextLatencyMs,
      clockRatePpm: s.clockRatePpm,
      driftMs: s.driftMs,
      lastShowS: s.lastShowS,
    });
  }
}
