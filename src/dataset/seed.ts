/** The 2020 Qingyang–Tianjin scenario that a new installation starts with. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const SEED_FILE = fileURLToPath(new URL('../../seeds/qingyang-2020.json', import.meta.url));

export async function readSeed(): Promise<unknown> {
  return JSON.parse(await readFile(SEED_FILE, 'utf8'));
}
