// Build progress: a bar redrawn in place with tensors/s, MB/s and ETA on a terminal; plain
// lines (at most one per 10% or per 5 s) when piped; nothing with --quiet. Rates count input
// bytes (the model's), which is what the user waits on.

export type ProgressMode = 'tty' | 'lines' | 'quiet';

export class Progress {
  private doneTensors = 0;
  private doneBytes = 0;
  private lastLine = 0;
  private lastDecile = -1;
  private readonly start: number;

  constructor(
    private readonly mode: ProgressMode,
    private readonly totalTensors: number,
    private readonly totalBytes: number,
    private readonly write: (text: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.start = now();
  }

  tick(bytes: number, name: string): void {
    this.doneTensors++;
    this.doneBytes += bytes;
    if (this.mode === 'quiet') return;
    const t = this.now();
    if (this.mode === 'tty') {
      this.write(`\r${this.bar()} ${this.stats(t)} ${name.slice(-40).padEnd(40)}\x1b[K`);
      return;
    }
    const decile = this.totalBytes ? Math.floor((10 * this.doneBytes) / this.totalBytes) : 10;
    if (decile > this.lastDecile || t - this.lastLine > 5000 || this.doneTensors === this.totalTensors) {
      this.lastDecile = decile;
      this.lastLine = t;
      this.write(`build: ${this.stats(t)}\n`);
    }
  }

  finish(): void {
    if (this.mode === 'tty') this.write('\n');
  }

  /** `12/104 tensors, 3.1 tensors/s, 45.2 MB/s, ETA 0:12` */
  stats(t: number): string {
    const secs = Math.max((t - this.start) / 1000, 1e-9);
    const mbps = this.doneBytes / 1e6 / secs;
    const left = this.doneBytes > 0 ? ((this.totalBytes - this.doneBytes) / this.doneBytes) * secs : NaN;
    return `${this.doneTensors}/${this.totalTensors} tensors, ${(this.doneTensors / secs).toFixed(1)} tensors/s, ${mbps.toFixed(1)} MB/s, ETA ${clock(left)}`;
  }

  private bar(): string {
    const width = 24;
    const filled = this.totalBytes ? Math.round((width * this.doneBytes) / this.totalBytes) : width;
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  }
}

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
