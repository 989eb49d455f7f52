/**
 * Builds the explorer with Vite into dist/explorer/ when its sources are
 * newer than the last build (`npm start` and the tests call this first, so
 * a fresh checkout serves a page without a separate step), and prints the
 * bundle's size. Runs in Node; the page itself is everything else here.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const PROJECT = fileURLToPath(new URL('../../', import.meta.url));
export const OUT_DIR = join(PROJECT, 'dist/explorer');
const STAMP = join(OUT_DIR, '.built');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Newest change among the sources and the lock file (a dependency bump rebuilds too). */
function sourcesChangedAt(): number {
  return Math.max(...[...files(ROOT), join(PROJECT, 'package-lock.json')].map((f) => statSync(f).mtimeMs));
}

function builtAt(): number {
  try {
    return Number(readFileSync(STAMP, 'utf8'));
  } catch {
    return 0;
  }
}

export interface BundleSize {
  files: { name: string; bytes: number; gzip: number }[];
  bytes: number;
  gzip: number;
}

export function bundleSize(): BundleSize {
  const list = files(OUT_DIR)
    .filter((f) => /\.(js|css|html)$/.test(f))
    .map((f) => {
      const content = readFileSync(f);
      return { name: relative(OUT_DIR, f), bytes: content.length, gzip: gzipSync(content).length };
    });
  return { files: list, bytes: list.reduce((s, f) => s + f.bytes, 0), gzip: list.reduce((s, f) => s + f.gzip, 0) };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

/** Builds unless the last build is newer than every source; returns whether it built. */
export async function buildExplorer(options: { force?: boolean; print?: (line: string) => void } = {}): Promise<boolean> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const changed = sourcesChangedAt();
  if (!options.force && builtAt() >= changed) return false;
  const { build } = await import('vite');
  await build({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    base: '/',
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: { outDir: OUT_DIR, emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 2048, reportCompressedSize: false },
  });
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(STAMP, String(changed));
  const size = bundleSize();
  print(`explorer built into dist/explorer: ${size.files.map((f) => `${f.name} ${kb(f.bytes)}`).join(', ')}; ${kb(size.bytes)} in all, ${kb(size.gzip)} gzipped`);
  return true;
}
