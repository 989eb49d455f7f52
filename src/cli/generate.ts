/**
 * npm run generate -- --enterprises N [--seed S] [--out DIR]
 *
 * Writes a synthetic national supply network to DIR/dataset.json (default
 * ./bench-out/N). The same N and seed always give the same bytes.
 * Progress goes to stderr, the final summary to stdout. Exit codes: 0 done,
 * 1 failed while generating or writing, 2 bad arguments.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { DATASET_ARRAYS } from '../dataset/format.ts';
import { MAX_ENTERPRISES, MAX_SEED, generateDataset, type GenerateProgress } from '../dataset/generate.ts';

const USAGE = `Usage: npm run generate -- --enterprises N [--seed S] [--out DIR]

  --enterprises N  number of enterprises, 1..${MAX_ENTERPRISES} (required)
  --seed S         random seed, 0..${MAX_SEED} (default 1)
  --out DIR        output directory, created if missing (default ./bench-out/N)
                   the dataset is written to DIR/dataset.json`;

interface GenerateArgs {
  enterprises: number;
  seed: number;
  out: string;
}

class UsageError extends Error {}

function parseInteger(flag: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new UsageError(`${flag} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new UsageError(`${flag} must be from ${min} to ${max}, got ${raw}`);
  return value;
}

/** Accepts `--flag value` and `--flag=value`; anything else is a usage error naming the flag. */
function parseGenerateArgs(argv: readonly string[]): GenerateArgs | 'help' {
  const values = new Map<string, string>();
  const known = new Set(['--enterprises', '--seed', '--out']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    if (!known.has(flag)) {
      throw new UsageError(arg.startsWith('-') ? `unknown flag ${flag}` : `unexpected argument "${arg}"`);
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      i++;
    }
    if (value === '') throw new UsageError(`${flag} needs a value`);
    if (values.has(flag)) throw new UsageError(`${flag} given more than once`);
    values.set(flag, value);
  }
  const rawEnterprises = values.get('--enterprises');
  if (rawEnterprises === undefined) throw new UsageError('--enterprises is required');
  const enterprises = parseInteger('--enterprises', rawEnterprises, 1, MAX_ENTERPRISES);
  const rawSeed = values.get('--seed');
  const seed = rawSeed === undefined ? 1 : parseInteger('--seed', rawSeed, 0, MAX_SEED);
  const out = values.get('--out') ?? join('bench-out', String(enterprises));
  return { enterprises, seed, out };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

async function main(argv: readonly string[]): Promise<number> {
  let args: GenerateArgs | 'help';
  try {
    args = parseGenerateArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`generate: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const started = performance.now();
  const dir = resolve(args.out);
  const file = join(dir, 'dataset.json');
  // Written under another name and renamed at the end, so a dataset.json is always complete.
  const partial = `${file}.partial`;
  await mkdir(dir, { recursive: true });

  let lastReport = started;
  const onProgress = ({ phase, done, total }: GenerateProgress): void => {
    const now = performance.now();
    if (now - lastReport < 1000) return;
    lastReport = now;
    const percent = total > 0 ? ((100 * done) / total).toFixed(0) : '100';
    process.stderr.write(
      `generate: ${phase} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} (${percent}%) ${seconds(now - started)}\n`,
    );
  };

  const stream = createWriteStream(partial, { highWaterMark: 1 << 20 });
  try {
    const summary = await generateDataset({ enterprises: args.enterprises, seed: args.seed, onProgress }, stream);
    stream.end();
    await finished(stream);
    await rename(partial, file);
    const elapsed = performance.now() - started;
    const lines = [
      `wrote ${file}`,
      `  enterprises ${args.enterprises}, seed ${args.seed}`,
      ...DATASET_ARRAYS.map((name) => `  ${name.padEnd(12)} ${summary.counts[name].toLocaleString('en-US').padStart(12)}`),
      `  tiers ${summary.tiers}, cycle-closing supplies ${summary.backEdges}, needs without supplier ${summary.unsuppliedNeeds}, supplies by non-makers ${summary.tradedSupplies}`,
      `  ${summary.bytes.toLocaleString('en-US')} bytes in ${seconds(elapsed)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    stream.destroy();
    await rm(partial, { force: true });
    process.stderr.write(`generate: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
