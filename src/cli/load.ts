/** `npm run load -- PATH`: the import command under its older name (./importing.ts). */
import { runCli, runImport } from './importing.ts';

runCli(() => runImport('load', process.argv.slice(2)), 'load');
