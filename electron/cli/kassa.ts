import { runKassa } from './run-kassa.ts';

process.exitCode = await runKassa(process.argv.slice(2));
