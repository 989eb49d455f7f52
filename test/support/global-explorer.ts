/** The explorer's page, built once before any test (when its sources changed), so every server a test starts serves it. */
import { buildExplorer } from '../../src/explorer/build.ts';

export default async function setup(): Promise<void> {
  await buildExplorer({ print: (line) => process.stderr.write(`${line}\n`) });
}
