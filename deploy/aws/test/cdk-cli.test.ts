import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const app = resolve(import.meta.dirname, '..');

describe('the cdk CLI', () => {
  it('synthesises the app offline, without AWS credentials, as `npm run synth` does', async () => {
    const out = mkdtempSync(join(tmpdir(), 'echelon-cdk-'));
    // No credentials, no account, no region: what CI has. The image is staged as an asset (the
    // repository's Dockerfile and context), as `cdk deploy` would build it.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('CDK_')),
    );
    try {
      await promisify(execFile)(
        'npx',
        ['cdk', 'synth', '--quiet', '--no-notices', '--output', out, '-c', 'raceSize=grandTour'],
        { cwd: app, env: { ...env, CDK_DISABLE_CLI_TELEMETRY: 'true' }, maxBuffer: 64 * 1024 * 1024 },
      );
      const template = JSON.parse(readFileSync(join(out, 'Echelon.template.json'), 'utf8'));
      const gateway = Object.values(
        template.Resources as Record<string, { Type: string; Properties: { ServiceName?: string } }>,
      ).find((r) => r.Type === 'AWS::ECS::Service' && r.Properties.ServiceName === 'echelon-gateway');
      expect(gateway).toBeDefined();
      const assets = JSON.parse(readFileSync(join(out, 'Echelon.assets.json'), 'utf8'));
      expect(Object.values(assets.dockerImages)).toHaveLength(1);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
