// Command-line flags of `npm run simulate`, checked strictly: a typo is an error, not a default.
import { parseArgs } from 'node:util';
import { PROTOCOLS, type Protocol, type SimulationOptions } from './run.ts';

export const USAGE = `Usage: npm run simulate -- --server URL --race ID [options]

Simulates a bicycle race against an Echelon server: fills the start list, sends every rider's
tracker fixes in accelerated time and reports the true finish order.

  --server URL         Echelon server, e.g. http://localhost:3000
  --race ID            race id (uuid)
  --stage ID           stage id (default: the race's first stage with a course)
  --riders N           riders to simulate (default 50); registers simulated riders if the start
                       list is shorter
  --speedup S          simulated seconds per real second, at least 1 (default 20)
  --protocol P         native | osmand | owntracks (default native)
  --replay             replay the recorded rides in ../shared/data/rides instead of the model
                       (for a race whose course is one of those rides' own track)
  --token TOKEN        an organiser's personal access token (default: env ECHELON_TOKEN)
  --seed N             seed of the model: same seed, same race (default: from the clock)
  --truth FILE         write the ground truth as JSON to FILE at the end
  --start              put the race live at the simulated start (publishing a draft first)
  -h, --help           this text

Exit status: 0 done, 1 failed, 2 bad usage, 130 interrupted.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliOptions extends Omit<SimulationOptions, 'log' | 'signal'> {
  truthFile: string | null;
}

export type ParsedCli = { help: true } | ({ help: false } & CliOptions);

function integer(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

export function parseCli(argv: readonly string[], env: Record<string, string | undefined>): ParsedCli {
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(argv));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { help: true };
  if (!values.server) throw new UsageError('--server is required');
  let url: URL;
  try {
    url = new URL(values.server);
  } catch {
    throw new UsageError(`--server must be a URL such as http://localhost:3000, not "${values.server}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError('--server must be http or https');
  if (!values.race) throw new UsageError('--race is required');
  const token = values.token ?? env.ECHELON_TOKEN;
  if (!token) throw new UsageError('--token (or the ECHELON_TOKEN environment variable) is required');
  const protocol = (values.protocol ?? 'native') as Protocol;
  if (!PROTOCOLS.includes(protocol)) {
    throw new UsageError(`--protocol must be one of ${PROTOCOLS.join(', ')}, not "${values.protocol}"`);
  }
  const speedup = values.speedup === undefined ? 20 : Number(values.speedup);
  if (!Number.isFinite(speedup) || speedup < 1 || speedup > 10_000) {
    throw new UsageError(`--speedup must be a number from 1 to 10000, not "${values.speedup}"`);
  }
  const options: CliOptions = {
    server: values.server,
    raceId: values.race,
    token,
    riders: integer('riders', values.riders, 50, 1, 5000),
    speedup,
    protocol,
    start: values.start ?? false,
    replay: values.replay ?? false,
    truthFile: values.truth ?? null,
  };
  if (values.stage) options.stageId = values.stage;
  if (values.seed !== undefined) options.seed = integer('seed', values.seed, 0, 0, 2 ** 32 - 1);
  return { help: false, ...options };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      server: { type: 'string' },
      race: { type: 'string' },
      stage: { type: 'string' },
      riders: { type: 'string' },
      speedup: { type: 'string' },
      protocol: { type: 'string' },
      replay: { type: 'boolean' },
      token: { type: 'string' },
      seed: { type: 'string' },
      truth: { type: 'string' },
      start: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
