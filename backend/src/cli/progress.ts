/**
 * Progress on standard error for long reads: a percentage of the file (or megabytes read from
 * a pipe), redrawn in place on a terminal and printed every 10% otherwise. Silent for small
 * files, so short runs and tests print only their result.
 */
export class Progress {
  private lastShown = -1;
  private readonly started = Date.now();
  private readonly enabled: boolean;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly name: string,
    private readonly size: number | null,
    quiet: boolean,
    minimumBytes = 8 * 1024 * 1024,
  ) {
    this.enabled = !quiet && (size === null ? Boolean(stream.isTTY) : size >= minimumBytes);
  }

  update(read: number): void {
    if (!this.enabled) return;
    if (this.size) {
      const percent = Math.min(100, Math.floor((read / this.size) * 100));
      const step = this.stream.isTTY ? 1 : 10;
      const bucket = percent - (percent % step);
      if (bucket <= this.lastShown) return;
      this.lastShown = bucket;
      this.write(`reading ${this.name}: ${percent}% (${mb(read)} of ${mb(this.size)})`);
    } else {
      const tenth = Math.floor(read / (10 * 1024 * 1024));
      if (tenth <= this.lastShown) return;
      this.lastShown = tenth;
      this.write(`reading ${this.name}: ${mb(read)}`);
    }
  }

  phase(message: string): void {
    if (this.enabled) this.write(`${message}...`);
  }

  done(): void {
    if (!this.enabled) return;
    this.write(`done in ${((Date.now() - this.started) / 1000).toFixed(1)} s`);
    if (this.stream.isTTY) this.stream.write('\n');
  }

  private write(message: string): void {
    if (this.stream.isTTY) this.stream.write(`\r\x1b[K${message}`);
    else this.stream.write(`${message}\n`);
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
