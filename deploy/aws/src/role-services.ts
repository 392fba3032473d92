import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type IVpc, SecurityGroup, SubnetType } from 'aws-cdk-lib/aws-ec2';
import {
  Cluster,
  ContainerImage,
  Secret as EcsSecret,
  FargateService,
  FargateTaskDefinition,
  LogDriver,
} from 'aws-cdk-lib/aws-ecs';
import type { ApplicationTargetGroup } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from './nats-cluster.ts';
import { type RaceSize, ROLES, type Role } from './race-sizes.ts';
import { LIVE_PATH, PORT, TASK_COMMAND } from './task-command.ts';

export interface RoleServicesProps {
  vpc: IVpc;
  size: RaceSize;
  image: ContainerImage;
  databaseSecret: ISecret;
  oauthSecret: ISecret;
  natsUrl: string;
  publicUrl: string;
  /** Extra environment (OIDC settings when Cognito is on). */
  environment?: Record<string, string>;
}

/**
 * One ECS Fargate service per role from the same image, ROLE in the task definition, in the private
 * subnets. Each task carries a CloudWatch agent that scrapes the role's /metrics (Prometheus) into
 * CloudWatch metrics (namespace Echelon); logs go to one log group per role.
 */
export class RoleServices extends Construct {
  readonly cluster: Cluster;
  readonly securityGroup: SecurityGroup;
  readonly services = {} as Record<Role, FargateService>;
  readonly logGroups = {} as Record<Role, LogGroup>;

  constructor(scope: Construct, id: string, props: RoleServicesProps) {
    super(scope, id);
    // AWS/ECS's per-service CPU and memory are enough for the dashboard; Container Insights would add
    // some 50 custom metrics a month for little more.
    this.cluster = new Cluster(this, 'Cluster', { vpc: props.vpc });
    this.securityGroup = new SecurityGroup(this, 'TasksSecurityGroup', {
      vpc: props.vpc,
      description: 'Echelon tasks: reached by the load balancer only',
    });

    for (const role of ROLES) {
      const size = props.size.roles[role];
      const task = new FargateTaskDefinition(this, `${title(role)}Task`, {
        cpu: size.cpu,
        memoryLimitMiB: size.memoryMiB,
      });
      const logGroup = new LogGroup(this, `${title(role)}Logs`, {
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      this.logGroups[role] = logGroup;
      task.addContainer('echelon', {
        image: props.image,
        command: TASK_COMMAND,
        essential: true,
        portMappings: [{ containerPort: PORT, name: 'http' }],
        environment: {
          ROLE: role,
          NATS_URL: props.natsUrl,
          PUBLIC_URL: props.publicUrl,
          LOG_LEVEL: 'info',
          DB_SSLMODE: 'no-verify',
          ...props.environment,
        },
        secrets: {
          DB_USER: EcsSecret.fromSecretsManager(props.databaseSecret, 'username'),
          DB_PASSWORD: EcsSecret.fromSecretsManager(props.databaseSecret, 'password'),
          DB_HOST: EcsSecret.fromSecretsManager(props.databaseSecret, 'host'),
          DB_PORT: EcsSecret.fromSecretsManager(props.databaseSecret, 'port'),
          DB_NAME: EcsSecret.fromSecretsManager(props.databaseSecret, 'dbname'),
          // Every api task signs OAuth with the same keys (docs/operations.md, shared OAuth keys).
          ...(role === 'api'
            ? {
                OAUTH_COOKIE_KEYS: EcsSecret.fromSecretsManager(props.oauthSecret, 'OAUTH_COOKIE_KEYS'),
                OAUTH_JWKS: EcsSecret.fromSecretsManager(props.oauthSecret, 'OAUTH_JWKS'),
              }
            : {}),
        },
        // The image's own HEALTHCHECK, as ECS runs it: /healthz from inside the task.
        healthCheck: {
          command: [
            'CMD',
            'node',
            '-e',
            `fetch('http://127.0.0.1:${PORT}${LIVE_PATH}').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
          ],
          interval: Duration.seconds(15),
          timeout: Duration.seconds(3),
          startPeriod: Duration.seconds(30),
          retries: 3,
        },
        readonlyRootFilesystem: true,
        user: '1000:1000',
        stopTimeout: Duration.seconds(30),
        logging: LogDriver.awsLogs({ logGroup, streamPrefix: role }),
      });
      // The read-only root leaves /tmp writable, as the Kubernetes manifests' emptyDir does.
      task.addVolume({ name: 'tmp' });
      task.defaultContainer!.addMountPoints({ containerPath: '/tmp', sourceVolume: 'tmp', readOnly: false });
      addMetricsAgent(task, role, logGroup);

      this.services[role] = new FargateService(this, `${title(role)}Service`, {
        cluster: this.cluster,
        taskDefinition: task,
        serviceName: `echelon-${role}`,
        desiredCount: size.minTasks,
        minHealthyPercent: 100,
        maxHealthyPercent: 200,
        vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
        securityGroups: [this.securityGroup],
        circuitBreaker: { rollback: true },
        enableExecuteCommand: false,
        // The API migrates the database on start; the health grace covers a first start's migrations.
        healthCheckGracePeriod: role === 'processor' ? undefined : Duration.seconds(60),
      });
    }
  }

  /** Target tracking on CPU for every role; gateways also on the WebSockets each holds. */
  autoscale(size: RaceSize, gatewayTargets: ApplicationTargetGroup): void {
    for (const role of ROLES) {
      const { minTasks, maxTasks } = size.roles[role];
      const scaling = this.services[role].autoScaleTaskCount({
        minCapacity: minTasks,
        maxCapacity: maxTasks,
      });
      scaling.scaleOnCpuUtilization('Cpu', {
        targetUtilizationPercent: role === 'gateway' ? 60 : 70,
        // Scaling a gateway in drops its sockets (the spectators reconnect elsewhere): slowly.
        scaleInCooldown: Duration.minutes(role === 'gateway' ? 10 : 5),
        scaleOutCooldown: Duration.seconds(30),
      });
      if (role === 'gateway') {
        // Each spectator's WebSocket is one long request: new connections per task keep the count
        // spread as a crowd arrives before CPU shows it.
        scaling.scaleOnRequestCount('Connections', {
          targetGroup: gatewayTargets,
          requestsPerTarget: size.spectatorsPerGateway,
          scaleInCooldown: Duration.minutes(10),
          scaleOutCooldown: Duration.seconds(30),
        });
      }
    }
  }
}

const title = (role: string) => role[0]!.toUpperCase() + role.slice(1);

/**
 * The CloudWatch agent as a sidecar: it scrapes the role's /metrics every 30 s and sends the HTTP
 * request histogram and the process metrics as embedded-metric-format logs, which CloudWatch turns
 * into metrics in the Echelon namespace (by role).
 */
function addMetricsAgent(task: FargateTaskDefinition, role: Role, logGroup: LogGroup): void {
  const prometheus = [
    'global:',
    '  scrape_interval: 30s',
    'scrape_configs:',
    `  - job_name: echelon-${role}`,
    '    metrics_path: /metrics',
    '    static_configs:',
    `      - targets: ['127.0.0.1:${PORT}']`,
    `        labels: { role: ${role} }`,
  ].join('\n');
  const agent = {
    logs: {
      metrics_collected: {
        prometheus: {
          prometheus_config_path: 'env:PROMETHEUS_CONFIG_CONTENT',
          log_group_name: logGroup.logGroupName,
          emf_processor: {
            metric_namespace: METRICS_NAMESPACE,
            metric_declaration: [
              {
                source_labels: ['job'],
                label_matcher: `^echelon-${role}$`,
                dimensions: [['role']],
                metric_selectors: [
                  '^echelon_http_request_duration_seconds_(count|sum)$',
                  '^echelon_process_cpu_seconds_total$',
                  '^echelon_process_resident_memory_bytes$',
                  '^echelon_nodejs_eventloop_lag_p99_seconds$',
                ],
              },
            ],
          },
        },
      },
    },
  };
  task.addContainer('metrics', {
    image: ContainerImage.fromRegistry('public.ecr.aws/cloudwatch-agent/cloudwatch-agent:latest'),
    essential: false,
    memoryReservationMiB: 64,
    environment: {
      CW_CONFIG_CONTENT: JSON.stringify(agent),
      PROMETHEUS_CONFIG_CONTENT: prometheus,
    },
    logging: LogDriver.awsLogs({ logGroup, streamPrefix: `${role}-metrics-agent` }),
  });
  task.addToTaskRolePolicy(
    new PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [logGroup.logGroupArn, `${logGroup.logGroupArn}:*`],
    }),
  );
}
