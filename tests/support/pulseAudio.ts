import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** A 16-bit PCM mono WAV file. */
export function wavFile(samples: Float32Array, sampleRate: number): Buffer {
  const b = Buffer.alloc(44 + samples.length * 2);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + samples.length * 2, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(sampleRate, 24);
  b.writeUInt32LE(sampleRate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(samples.length * 2, 40);
  samples.forEach((s, i) => b.writeInt16LE(Math.round(s * 32767), 44 + i * 2));
  return b;
}

/**
 * Starts a private PulseAudio server (its own socket in `dir`, nothing shared with the desktop) with
 * one null sink named `sink`, whose monitor `parec` can record; resolves once it answers.
 */
export async function startPulse(dir: string, sink = 'hall'): Promise<{ server: string; proc: ChildProcess }> {
  if (spawnSync('pulseaudio', ['--version']).error) throw new Error('PulseAudio is not installed: apt-get install pulseaudio pulseaudio-utils (it records what the audio page plays)');
  const socket = join(dir, 'native');
  const proc = spawn('pulseaudio', ['--daemonize=no', '-n', '--exit-idle-time=-1', '--use-pid-file=no', '--system=no', '-F', '/dev/null', `--load=module-native-protocol-unix socket=${socket} auth-anonymous=1`, `--load=module-null-sink sink_name=${sink} rate=48000 channels=2`], {
    env: { ...process.env, PULSE_RUNTIME_PATH: dir, HOME: dir },
    stdio: 'ignore',
  });
  for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
  if (!existsSync(socket)) {
    proc.kill();
    throw new Error('PulseAudio did not start');
  }
  return { server: `unix:${socket}`, proc };
}

/**
 * Records a null sink's monitor with parec (mono float32), noting when each chunk arrived on this
 * process's clock, so a recorded sample can be given the system-clock time it left the sink.
 */
export function recordSink(server: string, sink: string, sampleRate: number, now: () => number) {
  const rec = spawn('parec', ['-d', `${sink}.monitor`, `--rate=${sampleRate}`, '--channels=1', '--format=float32le', '--latency-msec=2'], { env: { ...process.env, PULSE_SERVER: server } });
  const chunks: Buffer[] = [];
  const arrivals: [number, number][] = [];
  let frames = 0;
  rec.stdout.on('data', (d: Buffer) => {
    const t = now();
    chunks.push(d);
    frames += d.length / 4;
    arrivals.push([frames, t]);
  });
  return {
    /** Stops recording: the samples, and a map from sample index to the clock of `now` (seconds). */
    stop(): { samples: Float32Array; timeOf(i: number): number } {
      rec.kill();
      const all = Buffer.concat(chunks);
      const samples = new Float32Array(all.buffer, all.byteOffset, Math.floor(all.length / 4));
      // A line under the arrival times: the least-delayed chunk of each half (after the first two seconds).
      const a = arrivals.filter((p) => p[0] > 2 * sampleRate);
      const half = a.length >> 1;
      const least = (ps: [number, number][]) => ps.reduce((b, p) => (p[1] - p[0] / sampleRate < b[1] - b[0] / sampleRate ? p : b));
      const [p1, p2] = [least(a.slice(0, half)), least(a.slice(half))];
      return { samples, timeOf: (i) => p1[1] + ((i - p1[0]) * (p2[1] - p1[1])) / (p2[0] - p1[0]) };
    },
  };
}

/** Sample indices where a click starts: the first sample over `threshold` after `gapS` of quiet. */
export function clickOnsets(x: Float32Array, sampleRate: number, threshold = 0.05, gapS = 0.05): number[] {
  const onsets: number[] = [];
  let last = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (Math.abs(x[i]!) <= threshold) continue;
    if (i - last > sampleRate * gapS) onsets.push(i);
    last = i;
  }
  return onsets;
}
