/**
 * Reads an NDJSON file in chunks and, when following, what is appended to it (fs.watch, with a slow stat poll
 * behind it for file systems that do not report changes): only the bytes past what was read are read again. A file
 * that shrinks (truncated or replaced) is read again from its start. A file larger than the cap is read from its
 * last `maxInitialBytes`, from the first whole line there.
 */
import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

export interface FollowOptions {
  /** Called with text in file order, split anywhere (even mid-line). */
  readonly onText: (text: string) => void;
  /** The file shrank: what was read no longer holds; reading starts again from the top. */
  readonly onReset?: () => void;
  /** The first read reached the end of the file (`skippedBytes`: the start left unread, over the cap). */
  readonly onLoaded?: (info: { bytes: number; skippedBytes: number }) => void;
  readonly onError?: (error: Error) => void;
  readonly maxInitialBytes?: number;
  readonly chunkBytes?: number;
  /** Milliseconds between stat polls while following. */
  readonly pollMs?: number;
  /** Keep reading what is appended after the first read (`watch()` / `unwatch()` change it later). */
  readonly follow: boolean;
}

export class FileFollower {
  private offset = 0;
  private decoder = new StringDecoder('utf8');
  private watcher?: FSWatcher;
  private timer?: ReturnType<typeof setInterval>;
  private reading?: Promise<void>;
  private queued?: Promise<void>;
  private stopped = false;
  private loaded = false;

  constructor(
    readonly path: string,
    private readonly options: FollowOptions,
  ) {}

  /** Reads the file (resolves after the first read), then follows it if asked. */
  async start(): Promise<void> {
    const size = (await stat(this.path)).size;
    const max = this.options.maxInitialBytes ?? 64 * 1024 * 1024;
    let skipped = 0;
    if (size > max) {
      skipped = await this.lineStartAfter(size - max);
      this.offset = skipped;
    }
    await this.read();
    this.loaded = true;
    this.options.onLoaded?.({ bytes: this.offset - skipped, skippedBytes: skipped });
    if (this.options.follow) this.watch();
  }

  get following(): boolean {
    return !!this.timer;
  }

  /** Follows the file from where the reading is: what was appended meanwhile is read at once. */
  watch(): void {
    if (this.stopped || this.timer) return;
    try {
      this.watcher = fsWatch(this.path, () => this.poke());
      this.watcher.on('error', () => undefined); // the poll below carries on
    } catch {
      /* no watcher here: the poll alone */
    }
    this.timer = setInterval(() => this.poke(), this.options.pollMs ?? 1000);
    this.timer.unref?.();
    void this.poke();
  }

  /** Stops following (what was read stays read). */
  unwatch(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reads what was appended now (what a change notice does); resolves once a read that started after the call ends. */
  poke(): Promise<void> {
    if (this.stopped || !this.loaded) return Promise.resolve();
    if (!this.reading) {
      this.reading = this.read()
        .catch((e: unknown) => this.options.onError?.(e instanceof Error ? e : new Error(String(e))))
        .finally(() => (this.reading = undefined));
      return this.reading;
    }
    // One more read after the current one, shared by every call made meanwhile.
    this.queued ??= this.reading.then(() => {
      this.queued = undefined;
      return this.poke();
    });
    return this.queued;
  }

  stop(): void {
    this.stopped = true;
    this.unwatch();
  }

  private async read(): Promise<void> {
    const handle = await open(this.path, 'r');
    try {
      const { size } = await handle.stat();
      if (size < this.offset) {
        this.offset = 0;
        this.decoder = new StringDecoder('utf8');
        this.options.onReset?.();
      }
      const chunk = Buffer.alloc(this.options.chunkBytes ?? 1024 * 1024);
      while (this.offset < size && !this.stopped) {
        const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, size - this.offset), this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        const text = this.decoder.write(chunk.subarray(0, bytesRead));
        if (text) this.options.onText(text);
      }
    } finally {
      await handle.close();
    }
  }

  /** The offset just past the first newline at or after `from` (the start of the next whole line). */
  private async lineStartAfter(from: number): Promise<number> {
    const handle = await open(this.path, 'r');
    try {
      const buf = Buffer.alloc(64 * 1024);
      for (let pos = from; ; pos += buf.length) {
        const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
        if (bytesRead === 0) return pos;
        const nl = buf.subarray(0, bytesRead).indexOf(10);
        if (nl >= 0) return pos + nl + 1;
      }
    } finally {
      await handle.close();
    }
  }
}
