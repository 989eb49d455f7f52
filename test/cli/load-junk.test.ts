/**
 * `npm run load` on a large file of junk records: refused in one streaming
 * pass with memory that does not grow with the file (the first 100 problems
 * kept, the rest counted), before any Neo4j is asked. The file is 30 MB here
 * (the same code path holds at 200 MB: nothing kept grows with it); peak
 * memory is measured in the child process and compared with the same junk
 * at a hundredth of the size.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'fugong-junk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file of `bytes` or a little more: valid regions, then enterprises that are junk, one per line. */
async function junkFile(name: string, bytes: number): Promise<string> {
  const path = join(dir, name);
  const out = createWriteStream(path);
  const write = (text: string) => new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', () => resolve())));
  await write('{"regions":[\n{"code":"510000","name":"四川省","level":"PROVINCE"}\n],"enterprises":[\n');
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const line = `{"junk":"${'废'.repeat(20)}${i.toString(36).repeat(8)}","n":${i},"status":"MAYBE"},\n`;
    written += Buffer.byteLength(line);
    await write(line);
  }
  await write('{"junk":true}\n]}\n');
  await new Promise<void>((resolve) => out.end(resolve));
  return path;
}

interface Run {
  code: number | null;
  stderr: string;
  maxRssMiB: number;
}

function load(file: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', './test/support/report-max-rss.ts', 'src/cli/load.ts', file], {
      // No Neo4j is configured: a refused file must never need one.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NEO4J_DATA_DIR: join(dir, 'no-store') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const rss = /max-rss-kib=(\d+)/.exec(stderr);
      resolve({ code, stderr, maxRssMiB: rss ? Number(rss[1]) / 1024 : Number.NaN });
    });
  });
}

describe('npm run load on a file of junk', () => {
  it('refuses 30 MB of junk records in bounded memory, listing the first 100 problems and counting the rest', async () => {
    const small = await junkFile('small.json', 300_000);
    const large = await junkFile('large.json', 30_000_000);
    expect(statSync(large).size).toBeGreaterThan(30_000_000);
    const baseline = await load(small);
    const run = await load(large);
    for (const r of [baseline, run]) {
      expect(r.code, r.stderr.slice(-2000)).toBe(1);
      expect(r.stderr).toMatch(/problem\(s\), nothing was written/);
    }
    const listed = run.stderr.split('\n').filter((l) => /^\S*large\.json:\d+: enterprises\[\d+\]/.test(l));
    expect(listed).toHaveLength(100);
    expect(listed[0]).toMatch(/large\.json:4: enterprises\[0\]\./);
    const total = Number(/: (\d+) problem\(s\)/.exec(run.stderr)?.[1]);
    const more = Number(/… and (\d+) more/.exec(run.stderr)?.[1]);
    expect(total).toBe(100 + more);
    // Several problems per record (unknown field, missing id, name, region, an unknown status) in each of ~300,000 records.
    expect(total).toBeGreaterThan(1_000_000);
    console.log(`junk load: ${(statSync(large).size / 1e6).toFixed(0)} MB, ${total} problems; peak RSS ${run.maxRssMiB.toFixed(0)} MiB against ${baseline.maxRssMiB.toFixed(0)} MiB for 0.3 MB`);
    // Measured: some 100 MiB above the baseline at 30 MB and at 90 MB alike (the heap V8 grows to before it collects), not the
    // gigabytes a load that holds the records reaches.
    expect(run.maxRssMiB - baseline.maxRssMiB).toBeLessThan(160);
  });
});
