import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ContainerImage } from 'aws-cdk-lib/aws-ecs';
import { describe, expect, it } from 'vitest';
import { EchelonStack } from '../src/echelon-stack.ts';
import { RACE_SIZES, ROLES } from '../src/race-sizes.ts';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation resources, read field by field
type Resource = { Type: string; Properties: any; DependsOn?: string[] };

const synth = (raceSize: string, extra: Partial<ConstructorParameters<typeof EchelonStack>[2]> = {}) => {
  const app = new App();
  const stack = new EchelonStack(app, `Echelon-${raceSize}`, {
    raceSize,
    image: ContainerImage.fromRegistry('registry.example.org/echelon:test'),
    publicUrl: 'https://race.example.org',
    ...extra,
  });
  return { app, stack, template: Template.fromStack(stack) };
};
const { app, template } = synth('fondo');
const resources = (type: string): Record<string, Resource> => template.findResources(type) as never;
const one = (type: string): Resource => {
  const found = Object.values(resources(type));
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
const logicalIdOf = (type: string, predicate: (r: Resource) => boolean) =>
  Object.entries(resources(type)).find(([, r]) => predicate(r))?.[0];

describe('the AWS stack (CDK), synthesised without AWS credentials', () => {
  it('synthesises a cloud assembly for every race size', () => {
    for (const size of Object.keys(RACE_SIZES)) {
      const assembly = synth(size).app.synth();
      expect(assembly.stacks.map((s) => s.stackName)).toEqual([`Echelon-${size}`]);
    }
    expect(() => synth('marathon')).toThrow(/raceSize must be one of club, fondo, grandTour/);
    expect(app.synth().stacks).toHaveLength(1);
  });

  it('runs every role as a Fargate service from one image, with health checks and autoscaling', () => {
    const services = resources('AWS::ECS::Service');
    const tasks = resources('AWS::ECS::TaskDefinition');
    expect(Object.keys(services)).toHaveLength(ROLES.length);
    const images = new Set<string>();
    for (const role of ROLES) {
      const [serviceId, service] = Object.entries(services).find(
        ([, s]) => s.Properties.ServiceName === `echelon-${role}`,
      )!;
      expect(service.Properties.LaunchType).toBe('FARGATE');
      const task = tasks[service.Properties.TaskDefinition.Ref]!;
      const echelon = task.Properties.ContainerDefinitions.find(
        (c: { Name: string }) => c.Name === 'echelon',
      );
      images.add(JSON.stringify(echelon.Image));
      expect(echelon.Environment).toContainEqual({ Name: 'ROLE', Value: role });
      expect(echelon.Environment.find((e: { Name: string }) => e.Name === 'NATS_URL').Value).toMatch(
        /^nats:\/\/nats-1\.[^,]+:4222,nats:\/\/nats-2\.[^,]+:4222,nats:\/\/nats-3\.[^,]+:4222$/,
      );
      expect(echelon.Secrets.map((s: { Name: string }) => s.Name)).toEqual(
        expect.arrayContaining(['DB_USER', 'DB_PASSWORD', 'DB_HOST', 'DB_PORT', 'DB_NAME']),
      );
      expect(echelon.HealthCheck.Command.join(' ')).toContain('/healthz');
      expect(echelon.User).toBe('1000:1000');
      expect(echelon.ReadonlyRootFilesystem).toBe(true);
      expect(echelon.PortMappings[0].ContainerPort).toBe(3000);
      // The load balancer judges readiness on /readyz for every role it sends traffic to.
      if (role !== 'processor') {
        const targetGroup = resources('AWS::ElasticLoadBalancingV2::TargetGroup')[
          service.Properties.LoadBalancers[0].TargetGroupArn.Ref
        ]!;
        expect(targetGroup.Properties.HealthCheckPath).toBe('/readyz');
        expect(targetGroup.Properties.Port).toBe(3000);
      }
      const target = Object.values(resources('AWS::ApplicationAutoScaling::ScalableTarget')).find((t) =>
        JSON.stringify(t.Properties.ResourceId).includes(serviceId),
      );
      expect(target, role).toBeDefined();
      expect(target!.Properties.MinCapacity).toBe(RACE_SIZES.fondo.roles[role].minTasks);
      expect(target!.Properties.MaxCapacity).toBe(RACE_SIZES.fondo.roles[role].maxTasks);
      const policies = Object.values(resources('AWS::ApplicationAutoScaling::ScalingPolicy')).filter((p) =>
        JSON.stringify(p.Properties.ScalingTargetId).includes(
          logicalIdOf('AWS::ApplicationAutoScaling::ScalableTarget', (t) => t === target)!,
        ),
      );
      const metrics = policies.map(
        (p) =>
          p.Properties.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification
            .PredefinedMetricType,
      );
      expect(metrics, role).toContain('ECSServiceAverageCPUUtilization');
      if (role === 'gateway') expect(metrics).toContain('ALBRequestCountPerTarget');
    }
    expect(images.size).toBe(1);
    // Only the api tasks hold the shared OAuth keys.
    const withKeys = Object.values(tasks).filter((t) =>
      JSON.stringify(t.Properties.ContainerDefinitions).includes('OAUTH_JWKS'),
    );
    expect(withKeys).toHaveLength(1);
  });

  it('routes the load balancer as nginx.conf does, with an hour of WebSocket idle time', () => {
    const alb = one('AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(alb.Properties.Scheme).toBe('internet-facing');
    expect(alb.Properties.LoadBalancerAttributes).toContainEqual({
      Key: 'idle_timeout.timeout_seconds',
      Value: '3600',
    });
    const groups = resources('AWS::ElasticLoadBalancingV2::TargetGroup');
    const roleOfGroup = (ref: string) => {
      const service = Object.values(resources('AWS::ECS::Service')).find(
        (s) => s.Properties.LoadBalancers?.[0]?.TargetGroupArn.Ref === ref,
      );
      return service?.Properties.ServiceName.replace('echelon-', '');
    };
    const rules = Object.values(resources('AWS::ElasticLoadBalancingV2::ListenerRule')).map((r) => ({
      priority: r.Properties.Priority as number,
      paths: r.Properties.Conditions.find((c: { Field: string }) => c.Field === 'path-pattern')
        .PathPatternConfig.Values,
      action: r.Properties.Actions[0],
    }));
    const routedTo = (path: string) => {
      const rule = rules.find((r) => r.paths.includes(path));
      expect(rule, path).toBeDefined();
      return rule!.action.Type === 'forward'
        ? roleOfGroup(rule!.action.TargetGroupArn.Ref)
        : rule!.action.Type;
    };
    expect(routedTo('/api/v1/live')).toBe('gateway');
    expect(routedTo('/api/v1/stages/*/live')).toBe('gateway');
    expect(routedTo('/api/v1/track')).toBe('ingest');
    expect(routedTo('/api/v1/track/*')).toBe('ingest');
    expect(routedTo('/osmand')).toBe('ingest');
    expect(routedTo('/owntracks')).toBe('ingest');
    expect(routedTo('/metrics')).toBe('fixed-response');
    const listener = one('AWS::ElasticLoadBalancingV2::Listener');
    expect(roleOfGroup(listener.Properties.DefaultActions[0].TargetGroupArn.Ref)).toBe('api');
    expect(Object.keys(groups)).toHaveLength(3);
  });

  it('keeps PostgreSQL Multi-AZ, encrypted, private, with its password in Secrets Manager', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      MultiAZ: true,
      StorageEncrypted: true,
      PubliclyAccessible: false,
      DeletionProtection: true,
      MasterUserPassword: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
    });
    expect(JSON.stringify(one('AWS::RDS::DBInstance').Properties.MasterUserPassword)).toContain(
      'secretsmanager',
    );
    expect(Object.keys(resources('AWS::SecretsManager::Secret')).length).toBeGreaterThanOrEqual(2);
  });

  it('runs NATS JetStream as three servers in three zones (where the region has them), each with its own encrypted volume', () => {
    // An account and region give the stack the region's zones (offline: CDK's stand-ins for them).
    const inRegion = synth('fondo', { env: { account: '111111111111', region: 'eu-west-1' } }).template;
    const zoned = Object.values(inRegion.findResources('AWS::EC2::Instance') as Record<string, Resource>);
    expect(new Set(zoned.map((i) => JSON.stringify(i.Properties.SubnetId))).size).toBe(3);
    // Without them (an offline `cdk synth`) the VPC spans two zones and the servers share them.
    const instances = Object.values(resources('AWS::EC2::Instance'));
    expect(instances).toHaveLength(3);
    expect(new Set(instances.map((i) => JSON.stringify(i.Properties.SubnetId))).size).toBe(2);
    for (const instance of instances) {
      const data = instance.Properties.BlockDeviceMappings.find(
        (b: { DeviceName: string }) => b.DeviceName === '/dev/sdf',
      );
      expect(data.Ebs).toMatchObject({ Encrypted: true, VolumeType: 'gp3', DeleteOnTermination: false });
    }
    expect(Object.keys(resources('AWS::Route53::RecordSet'))).toHaveLength(3);
  });

  it('serves the web app from a private bucket through CloudFront, with the public API GETs cached at the edge', () => {
    const bucket = one('AWS::S3::Bucket');
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const distribution = one('AWS::CloudFront::Distribution').Properties.DistributionConfig;
    const bucketId = Object.keys(resources('AWS::S3::Bucket'))[0];
    const origin = (id: string) => distribution.Origins.find((o: { Id: string }) => o.Id === id);
    expect(JSON.stringify(origin(distribution.DefaultCacheBehavior.TargetOriginId).DomainName)).toContain(
      bucketId,
    );
    expect(origin(distribution.DefaultCacheBehavior.TargetOriginId).OriginAccessControlId).toBeDefined();
    const behaviours = new Map<string, { TargetOriginId: string; CachePolicyId: unknown }>(
      distribution.CacheBehaviors.map((b: { PathPattern: string }) => [b.PathPattern, b]),
    );
    const albId = logicalIdOf('AWS::ElasticLoadBalancingV2::LoadBalancer', () => true)!;
    for (const path of ['/api/*', '/api/v1/races*', '/api/v1/stages/*/live', '/oauth/*', '/owntracks*']) {
      expect(JSON.stringify(origin(behaviours.get(path)!.TargetOriginId).DomainName), path).toContain(albId);
    }
    // The public GETs are cached (a policy of ours), everything else under /api is not.
    const cachePolicies = resources('AWS::CloudFront::CachePolicy');
    const cachedFor = (path: string) =>
      cachePolicies[(behaviours.get(path)!.CachePolicyId as { Ref: string }).Ref];
    expect(cachedFor('/api/v1/races*')!.Properties.CachePolicyConfig.DefaultTTL).toBe(5);
    expect(cachedFor('/api/v1/stages/*/live')!.Properties.CachePolicyConfig.DefaultTTL).toBe(1);
    // Signed-in requests are kept apart by their session cookie and token.
    const key =
      cachedFor('/api/v1/races*')!.Properties.CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin;
    expect(key.CookiesConfig).toEqual({ CookieBehavior: 'whitelist', Cookies: ['echelon_session'] });
    expect(key.HeadersConfig).toEqual({ HeaderBehavior: 'whitelist', Headers: ['Authorization'] });
    expect(typeof behaviours.get('/api/*')!.CachePolicyId).toBe('string');
    // Behaviours are matched in order: the cached live snapshot before the broader stage paths.
    const order = distribution.CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern);
    expect(order.indexOf('/api/v1/stages/*/live')).toBeLessThan(order.indexOf('/api/v1/stages/*'));
    expect(order.indexOf('/api/v1/races*')).toBeLessThan(order.indexOf('/api/*'));
  });

  it('alarms on 5xx, ingest lag and processor lease loss, and has a dashboard', () => {
    const alarms = Object.values(resources('AWS::CloudWatch::Alarm'));
    const described = (text: RegExp) => alarms.find((a) => text.test(a.Properties.AlarmDescription ?? ''));
    const errors = described(/5xx/)!;
    expect(JSON.stringify(errors.Properties.Metrics)).toContain('HTTPCode_Target_5XX_Count');
    expect(JSON.stringify(errors.Properties.Metrics)).toContain('HTTPCode_ELB_5XX_Count');
    expect(described(/not yet in PostgreSQL/)!.Properties).toMatchObject({
      Namespace: 'Echelon',
      MetricName: 'IngestLagFixes',
    });
    expect(described(/lost a stage lease/)!.Properties).toMatchObject({
      Namespace: 'Echelon',
      MetricName: 'ProcessorLeaseLost',
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.msg = "live stage taken over" }',
      MetricTransformations: [
        Match.objectLike({ MetricName: 'ProcessorLeaseLost', MetricNamespace: 'Echelon' }),
      ],
    });
    for (const alarm of [errors, described(/not yet in PostgreSQL/)!, described(/lost a stage lease/)!]) {
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
    }
    one('AWS::CloudWatch::Dashboard');
    // /metrics reaches CloudWatch: a CloudWatch agent beside every role scrapes it.
    for (const task of Object.values(resources('AWS::ECS::TaskDefinition'))) {
      const agent = task.Properties.ContainerDefinitions.find((c: { Name: string }) => c.Name === 'metrics');
      const prometheus = agent.Environment.find(
        (e: { Name: string }) => e.Name === 'PROMETHEUS_CONFIG_CONTENT',
      ).Value;
      expect(prometheus).toContain("targets: ['127.0.0.1:3000']");
      expect(prometheus).toContain('metrics_path: /metrics');
    }
  });

  it('lets nothing be written publicly: no public bucket policy, no open data ports, no public database', () => {
    for (const policy of Object.values(resources('AWS::S3::BucketPolicy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        if (statement.Effect !== 'Allow') continue;
        expect(statement.Principal, JSON.stringify(statement)).not.toBe('*');
        expect(statement.Principal.AWS, JSON.stringify(statement)).not.toBe('*');
        expect(
          [statement.Action].flat().every((a: string) => a === 's3:GetObject'),
          JSON.stringify(statement),
        ).toBe(true);
      }
    }
    // Only the load balancer is open to the internet, and only on HTTP(S).
    const open = Object.values(resources('AWS::EC2::SecurityGroup')).flatMap((g) =>
      (g.Properties.SecurityGroupIngress ?? []).filter(
        (rule: { CidrIp?: string }) => rule.CidrIp === '0.0.0.0/0',
      ),
    );
    expect(open.map((rule: { FromPort: number }) => rule.FromPort).sort()).toEqual([80]);
    for (const rule of Object.values(resources('AWS::EC2::SecurityGroupIngress'))) {
      expect(rule.Properties.CidrIp, JSON.stringify(rule.Properties)).toBeUndefined();
    }
    expect(one('AWS::RDS::DBInstance').Properties.PubliclyAccessible).toBe(false);
    for (const queue of Object.values(resources('AWS::SNS::TopicPolicy'))) {
      expect(JSON.stringify(queue.Properties)).not.toContain('"*"');
    }
  });

  it('puts Cognito in front of the organisers\u2019 sign-in when asked, and only over HTTPS', () => {
    expect(() => synth('club', { cognitoDomainPrefix: 'club' })).toThrow(/certificateArn/);
    const { template: gated } = synth('club', {
      cognitoDomainPrefix: 'club-races',
      certificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/example',
    });
    gated.resourceCountIs('AWS::Cognito::UserPool', 1);
    gated.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON' });
    gated.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: [
        Match.objectLike({ PathPatternConfig: { Values: Match.arrayWith(['/admin', '/signin']) } }),
      ],
      Actions: Match.arrayWith([Match.objectLike({ Type: 'authenticate-cognito' })]),
    });
    gated.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: [
        Match.objectLike({ PathPatternConfig: { Values: ['/api/v1/auth/login', '/api/v1/setup'] } }),
      ],
      Actions: Match.arrayWith([
        Match.objectLike({
          Type: 'authenticate-cognito',
          AuthenticateCognitoConfig: Match.objectLike({ OnUnauthenticatedRequest: 'deny' }),
        }),
      ]),
    });
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
  });
});
