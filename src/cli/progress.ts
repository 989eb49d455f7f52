/**
 * Progress of a long command: a bar on a terminal (rows, rate and, when the
 * total is known, the estimated time left), and otherwise one line every
 * few seconds, for CI and logs.
 */
import cliProgress from 'cli-progress';

export interface ProgressReporter {
  /** `done` so far, of `total` when known. */
  update(done: number, total?: number): void;
  /** A new phase of known size (a table being written). */
  phase(name: string, done: number, total: number): void;
  stop(): void;
}

const LINE_EVERY_MS = 5000;

export function progressReporter(label: string, unit: string, stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const started = performance.now();
  let phaseName = label;
  let phaseStarted = started;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `{phase} [{bar}] {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted}`, stream, hideCursor: true, clearOnComplete: false, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    let running = false;
    const rate = (done: number) => Math.round(done / Math.max(0.001, (performance.now() - phaseStarted) / 1000)).toLocaleString('en');
    const show = (done: number, total: number) => {
      if (!running) {
        bar.start(total, done, { phase: phaseName, rate: rate(done) });
        running = true;
      } else {
        bar.setTotal(total);
        bar.update(done, { phase: phaseName, rate: rate(done) });
      }
    };
    return {
      update: (done, total) => show(done, total ?? Math.max(done, 1)),
      phase: (name, done, total) => {
        if (name !== phaseName) {
          phaseName = name;
          phaseStarted = performance.now();
        }
        show(done, total);
      },
      stop: () => {
        if (running) bar.stop();
        running = false;
      },
    };
  }
  let lastLine = started;
  const line = (done: number, total: number | undefined, force: boolean) => {
    const now = performance.now();
    if (!force && now - lastLine < LINE_EVERY_MS) return;
    lastLine = now;
    const seconds = (now - phaseStarted) / 1000;
    const perSecond = done / Math.max(0.001, seconds);
    const eta = total !== undefined && perSecond > 0 ? `, ${Math.ceil((total - done) / perSecond)} s left` : '';
    const of = total !== undefined ? `/${total.toLocaleString('en')}` : '';
    stream.write(`  ${phaseName}: ${done.toLocaleString('en')}${of} ${unit}, ${Math.round(perSecond).toLocaleString('en')}/s${eta}\n`);
  };
  return {
    update: (done, total) => line(done, total, false),
    phase: (name, done, total) => {
      const changed = name !== phaseName;
      if (changed) {
        phaseName = name;
        phaseStarted = performance.now();
      }
      line(done, total, done === total);
    },
    stop: () => {},
  };
}
