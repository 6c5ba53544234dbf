import { openPage } from '../host/browser/pageSession.ts';

/** What the audio page's benchmark mode returns (numbers only: the rendered audio stays in the page). */
interface AudioBenchFigures {
  readonly expected: number;
  readonly detected: number;
  readonly onsetErrorMaxSamples: number;
  readonly gainErrorMaxDb: number;
  readonly seekErrorsMs: number[];
  readonly seekOffsetErrorMaxMs: number;
}

/**
 * The audio engine in headless Chromium (the audio page with ?bench=1, Tone.Offline at 48 kHz):
 * audio.onsetErrorMaxSamples — a 50-clip show of clicks played through seeks, a pause, a rate change,
 * a stop and repeated messages, every click's first sample against the timeline's; and
 * audio.seekOffsetErrorMaxMs — audio started mid-clip (after seeks and a resume) located in its
 * source by cross-correlation. Targets ≤ 1 sample and ≤ 1 ms.
 */
export async function benchAudio(): Promise<Record<string, number>> {
  const session = await openPage('audio/index.html?bench=1');
  try {
    const f = (await session.page.evaluate(async () => {
      type Scenarios = typeof import('../engine/audio/scenarios.ts');
      const s = (window as unknown as { panoramaAudioBench: Scenarios }).panoramaAudioBench;
      const onsets = await s.runOnsetScenario();
      const seek = await s.runSeekScenario();
      return {
        expected: onsets.expected,
        detected: onsets.detected,
        onsetErrorMaxSamples: onsets.unmatched.length > 0 ? -1 : onsets.maxErrorSamples,
        gainErrorMaxDb: onsets.maxGainErrorDb,
        seekErrorsMs: [...seek.errorsMs],
        seekOffsetErrorMaxMs: seek.maxErrorMs,
      };
    })) as AudioBenchFigures;
    if (f.onsetErrorMaxSamples < 0 || f.detected !== f.expected) throw new Error(`audio onsets: ${f.detected} heard, ${f.expected} on the timeline (doubled or lost onsets)`);
    const r3 = (x: number) => Math.round(x * 1000) / 1000;
    return {
      'audio.onsetErrorMaxSamples': f.onsetErrorMaxSamples,
      'audio.onsetCount': f.expected,
      'audio.gainErrorMaxDb': r3(f.gainErrorMaxDb),
      'audio.seekOffsetErrorMaxMs': r3(f.seekOffsetErrorMaxMs),
    };
  } finally {
    await session.close();
  }
}
