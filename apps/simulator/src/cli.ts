// `npm run simulate -- --server URL --race ID …`: see USAGE in cli-args.ts.
import { writeFile } from 'node:fs/promises';
import { parseCli, USAGE, UsageError } from './cli-args.ts';
import { finishTable } from './finish-table.ts';
import { runSimulation } from './run.ts';

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`simulate: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { truthFile, help: _help, ...options } = parsed;
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const log = (line: string) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  try {
    const truth = await runSimulation({ ...options, signal: controller.signal, log });
    process.stdout.write(`\n${finishTable(truth).join('\n')}\n`);
    if (truthFile) {
      await writeFile(truthFile, JSON.stringify(truth));
      log(`ground truth written to ${truthFile}`);
    }
    return 0;
  } catch (error) {
    if (controller.signal.aborted) {
      process.stderr.write('simulate: interrupted\n');
      return 130;
    }
    const cause = (error as Error).cause;
    const detail = cause instanceof Error ? ` (${cause.message})` : '';
    process.stderr.write(`simulate: ${(error as Error).message}${detail}\n`);
    return 1;
  }
}

process.exitCode = await main();
