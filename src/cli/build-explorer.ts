/** `npm run build:explorer [-- --force]`: builds the explorer page when its sources changed (npm start runs it first). */
import { buildExplorer } from '../explorer/build.ts';

const force = process.argv.includes('--force');
buildExplorer({ force }).then(
  (built) => {
    if (!built) process.stdout.write('explorer is up to date in dist/explorer\n');
  },
  (error: unknown) => {
    process.stderr.write(`fugong build:explorer: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
