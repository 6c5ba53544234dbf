/** Why a file cannot play, for a message that names it. */
export interface AudioFileFailure {
  readonly file: string;
  readonly reason: string;
}

/**
 * Sound files fetched from the asset server (`/assets/<path>`) and decoded once, kept across language
 * changes and show reloads. A file that is missing or undecodable is remembered with the reason, and
 * its clips stay silent; nothing is retried until `forget`.
 */
export class AudioFiles {
  private readonly decoded = new Map<string, AudioBuffer>();
  private readonly failures = new Map<string, string>();
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    /** Decodes a whole file (the audio context's decodeAudioData). */
    private readonly decode: (data: ArrayBuffer) => Promise<AudioBuffer>,
    private readonly baseUrl = '/assets/',
    private readonly fetchFile: (url: string) => Promise<Response> = (url) => fetch(url),
  ) {}

  /** Fetches and decodes every path not already loaded or failed; resolves when all have settled. */
  async load(paths: Iterable<string>): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const path of new Set(paths)) {
      if (this.decoded.has(path) || this.failures.has(path)) continue;
      let p = this.pending.get(path);
      if (!p) {
        p = this.loadOne(path).finally(() => this.pending.delete(path));
        this.pending.set(path, p);
      }
      waits.push(p);
    }
    await Promise.all(waits);
  }

  private async loadOne(path: string): Promise<void> {
    let bytes: ArrayBuffer;
    try {
      const res = await this.fetchFile(this.baseUrl + path.split('/').map(encodeURIComponent).join('/'));
      if (!res.ok) {
        this.failures.set(path, res.status === 404 ? 'is missing from the assets folder (HTTP 404)' : `could not be fetched (HTTP ${res.status})`);
        return;
      }
      bytes = await res.arrayBuffer();
    } catch (err) {
      this.failures.set(path, `could not be fetched (${err instanceof Error ? err.message : String(err)})`);
      return;
    }
    try {
      const buffer = await this.decode(bytes);
      if (buffer.length === 0) this.failures.set(path, 'decodes to no samples');
      else this.decoded.set(path, buffer);
    } catch (err) {
      this.failures.set(path, `could not be decoded as audio (${err instanceof Error ? err.name || err.message : String(err)}; WAV, OGG or MP3 expected)`);
    }
  }

  /** Decoded buffers by asset path. */
  get buffers(): ReadonlyMap<string, AudioBuffer> {
    return this.decoded;
  }

  /** Why `path` cannot play, or undefined (loaded, or not asked for yet). */
  failure(path: string): string | undefined {
    return this.failures.get(path);
  }

  /** Every failure so far. */
  get failed(): AudioFileFailure[] {
    return [...this.failures].map(([file, reason]) => ({ file, reason }));
  }

  /** Forgets everything about `paths` (files replaced on disk): the next load fetches them again. */
  forget(paths: Iterable<string>): void {
    for (const p of paths) {
      this.decoded.delete(p);
      this.failures.delete(p);
    }
  }
}
