/**
 * `npm run test:faults [-- --seconds S --clients N --neo4j embedded|external]`: the fault run at full
 * length (test/faults/faults.ts), its figures printed; exit code 1 when
 * anything acknowledged was lost or duplicated, or the service did not
 * recover by itself.
 */
import { parseArgs } from 'node:util';
import { formatReport, held, runFaults } from './faults.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '90' }, clients: { type: 'string', default: '10' }, neo4j: { type: 'string', default: 'embedded' } } });
if (values.neo4j !== 'embedded' && values.neo4j !== 'external') {
  process.stderr.write(`--neo4j takes embedded (the service's own) or external (a server it is pointed at with NEO4J_URI), got ${JSON.stringify(values.neo4j)}\n`);
  process.exit(2);
}
const seconds = Number(values.seconds);
const clients = Number(values.clients);

const report = await runFaults({
  clients,
  durationMs: seconds * 1000,
  killAfterMs: Math.round((seconds * 1000) / 3),
  afterRecoveryMs: Math.round((seconds * 1000) / 3),
  firmsPerClient: 500,
  neo4j: values.neo4j,
  log: (message) => process.stderr.write(`[faults] ${message}\n`),
});
process.stdout.write(`${formatReport(report)}\n`);
process.exit(held(report) ? 0 : 1);
