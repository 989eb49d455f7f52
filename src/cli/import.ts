/** `npm run import -- PATH [--encoding utf8|gb18030] [--bulk]`: see ./importing.ts. */
import { runCli, runImport } from './importing.ts';

runCli(() => runImport('import', process.argv.slice(2)), 'import');
