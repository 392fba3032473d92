import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ContainerImage } from 'aws-cdk-lib/aws-ecs';
import { EchelonStack } from '../../../../../deploy/aws/src/echelon-stack.ts';
import type { Deployed } from './deployment-files.ts';

// CloudFormation resources, read field by field; a missing field fails the test that reads it.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Resource = { Properties: any };

/** The AWS stack as CDK synthesises it (no AWS account needed), for what its ECS tasks run. */
function template() {
  const app = new App();
  const stack = new EchelonStack(app, 'EchelonImageTest', {
    raceSize: 'club',
    image: ContainerImage.fromRegistry('echelon:image-test'),
    publicUrl: 'https://race.example.org',
  });
  return Template.fromStack(stack);
}

export interface EcsTask extends Deployed {
  /** The task definition's command (it overrides the image's CMD). */
  command: string[];
  /** Secrets Manager values the task gets as variables: the test gives each a value. */
  secrets: string[];
  readOnlyRoot: boolean;
}

/**
 * Each role's ECS task as the stack defines it: the command, plain environment, secrets' names, user,
 * the task-local volumes (writable on a read-only root), the container port, the load balancer's health
 * check path and the container health check.
 */
export function ecsTasks(): {
  tasks: EcsTask[];
  albRole: (method: string, path: string) => string;
  /** What the stack's OAuth keys secret holds until the operator puts the real keys in. */
  oauthPlaceholders: Record<string, string>;
} {
  const synthesised = template();
  const find = (type: string) => synthesised.findResources(type) as Record<string, Resource>;
  const services = Object.values(find('AWS::ECS::Service'));
  const taskDefinitions = find('AWS::ECS::TaskDefinition');
  const targetGroups = find('AWS::ElasticLoadBalancingV2::TargetGroup');
  const roleOfGroup = new Map<string, string>();
  const tasks = services.map((service): EcsTask => {
    const definition = taskDefinitions[service.Properties.TaskDefinition.Ref]!.Properties;
    const container = definition.ContainerDefinitions.find((c: { Name: string }) => c.Name === 'echelon');
    const env: Record<string, string> = Object.fromEntries(
      container.Environment.map((e: { Name: string; Value: unknown }) => [e.Name, String(e.Value)]),
    );
    const hostless = new Set(
      definition.Volumes.filter((v: { Host?: unknown }) => !v.Host).map((v: { Name: string }) => v.Name),
    );
    const targetGroup = service.Properties.LoadBalancers?.[0]?.TargetGroupArn.Ref as string | undefined;
    if (targetGroup) roleOfGroup.set(targetGroup, env.ROLE!);
    const healthCheck: string[] = container.HealthCheck.Command;
    return {
      name: `ecs ${service.Properties.ServiceName}`,
      role: env.ROLE!,
      env,
      user: container.User,
      tmpfs: container.MountPoints.filter((m: { SourceVolume: string }) => hostless.has(m.SourceVolume)).map(
        (m: { ContainerPath: string }) => m.ContainerPath,
      ),
      port: container.PortMappings[0].ContainerPort,
      probes: targetGroup ? [targetGroups[targetGroup]!.Properties.HealthCheckPath] : [],
      healthcheck:
        healthCheck[0] === 'CMD' ? healthCheck.slice(1) : ['/bin/sh', '-c', healthCheck.slice(1).join(' ')],
      command: container.Command,
      secrets: container.Secrets.map((s: { Name: string }) => s.Name),
      readOnlyRoot: container.ReadonlyRootFilesystem,
    };
  });

  // The listener's rules as the load balancer applies them: by priority, path patterns (`*` any
  // characters, `?` one) and methods; the default action for the rest.
  const rules = Object.values(find('AWS::ElasticLoadBalancingV2::ListenerRule'))
    .map((r) => r.Properties)
    .sort((a, b) => a.Priority - b.Priority);
  const listener = Object.values(find('AWS::ElasticLoadBalancingV2::Listener'))[0]!.Properties;
  const albRole = (method: string, path: string): string => {
    const bare = path.split('?')[0]!;
    const matches = (rule: Resource['Properties']) =>
      rule.Conditions.every(
        (c: {
          Field: string;
          PathPatternConfig?: { Values: string[] };
          HttpRequestMethodConfig?: { Values: string[] };
        }) =>
          c.Field === 'path-pattern'
            ? c.PathPatternConfig!.Values.some((p) =>
                new RegExp(
                  `^${p
                    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                    .replaceAll('*', '.*')
                    .replaceAll('?', '.')}$`,
                ).test(bare),
              )
            : c.HttpRequestMethodConfig!.Values.includes(method),
      );
    const action = (rules.find(matches)?.Actions ?? listener.DefaultActions)[0];
    if (action.Type !== 'forward') return action.Type;
    return roleOfGroup.get(action.TargetGroupArn.Ref) ?? 'unknown';
  };
  const oauthSecret = Object.values(find('AWS::SecretsManager::Secret')).find((secret) =>
    String(secret.Properties.SecretString ?? '').includes('OAUTH_JWKS'),
  );
  if (!oauthSecret) throw new Error('the stack has no secret holding OAUTH_JWKS');
  return { tasks, albRole, oauthPlaceholders: JSON.parse(oauthSecret.Properties.SecretString) };
}
