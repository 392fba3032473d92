import { describe, expect, it } from 'vitest';
import { parseCli, UsageError } from '../src/cli-args.ts';

const base = ['--server', 'http://localhost:3000', '--race', 'r1'];

describe('command line', () => {
  it('applies defaults and reads the token from the environment', () => {
    const parsed = parseCli(base, { ECHELON_TOKEN: 'tok' });
    expect(parsed).toMatchObject({
      help: false,
      server: 'http://localhost:3000',
      raceId: 'r1',
      token: 'tok',
      riders: 50,
      speedup: 20,
      protocol: 'native',
      start: false,
      replay: false,
      truthFile: null,
    });
    expect(parsed).not.toHaveProperty('seed');
  });

  it('reads every flag', () => {
    const parsed = parseCli(
      [
        ...base,
        '--stage',
        's1',
        '--riders',
        '12',
        '--speedup',
        '7.5',
        '--protocol',
        'osmand',
        '--replay',
        '--token',
        'T',
        '--seed',
        '42',
        '--truth',
        '/tmp/t.json',
        '--start',
      ],
      {},
    );
    expect(parsed).toMatchObject({
      stageId: 's1',
      riders: 12,
      speedup: 7.5,
      protocol: 'osmand',
      replay: true,
      token: 'T',
      seed: 42,
      truthFile: '/tmp/t.json',
      start: true,
    });
    expect(parseCli(['--help'], {})).toEqual({ help: true });
  });

  it.each([
    [['--race', 'r1', '--token', 't'], /--server is required/],
    [['--server', 'localhost', '--race', 'r1', '--token', 't'], /--server must be a URL/],
    [['--server', 'http://x', '--token', 't'], /--race is required/],
    [base, /--token/],
    [[...base, '--token', 't', '--riders', 'ten'], /--riders must be a whole number/],
    [[...base, '--token', 't', '--riders', '0'], /--riders must be a whole number/],
    [[...base, '--token', 't', '--speedup', '0.5'], /--speedup must be/],
    [
      [...base, '--token', 't', '--protocol', 'traccar'],
      /--protocol must be one of native, osmand, owntracks/,
    ],
    [[...base, '--token', 't', '--seed', '-1'], /--seed/],
    [[...base, '--token', 't', '--frobnicate'], /Unknown option '--frobnicate'/],
    [[...base, '--token', 't', 'extra'], /positional/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCli(argv, {})).toThrow(UsageError);
    expect(() => parseCli(argv, {})).toThrow(message);
  });
});
