import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { FargateService } from 'aws-cdk-lib/aws-ecs';
import {
  type ApplicationLoadBalancer,
  HttpCodeElb,
  HttpCodeTarget,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { FilterPattern, type LogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { DatabaseInstance } from 'aws-cdk-lib/aws-rds';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from './nats-cluster.ts';
import { ROLES, type Role } from './race-sizes.ts';

/** Fixes not yet written to PostgreSQL: 30 s of a 5,000-rider fondo. Above it, results lag the road. */
export const INGEST_LAG_FIXES = 150_000;

/**
 * Alarms that page (an SNS topic, e-mail optional) and one dashboard:
 * - 5xx: the load balancer's own and the targets', as a share of requests;
 * - ingest lag: pending fixes of the persistence consumer (published by the NATS servers);
 * - processor lease loss: a stage taken over by another processor (the processor logs it; a log
 *   metric filter counts it), which means its owner died or stalled past the lease's 3 s;
 * - unhealthy targets, database CPU and free storage.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly dashboard: Dashboard;

  constructor(
    scope: Construct,
    id: string,
    props: {
      alb: ApplicationLoadBalancer;
      services: Record<Role, FargateService>;
      logGroups: Record<Role, LogGroup>;
      database: DatabaseInstance;
      alarmEmail?: string;
    },
  ) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', { displayName: 'Echelon alarms' });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const page = new SnsAction(this.topic);
    const alarm = (name: string, config: ConstructorParameters<typeof Alarm>[2]) => {
      const created = new Alarm(this, name, { treatMissingData: TreatMissingData.NOT_BREACHING, ...config });
      created.addAlarmAction(page);
      created.addOkAction(page);
      return created;
    };

    const metrics = props.alb.metrics;
    const fiveMinutes = { period: Duration.minutes(1) };
    const serverErrors = new MathExpression({
      label: '5xx share of requests (%)',
      expression: '100 * (elb5xx + target5xx) / MAX([requests, 1])',
      usingMetrics: {
        elb5xx: metrics.httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, fiveMinutes),
        target5xx: metrics.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, fiveMinutes),
        requests: metrics.requestCount(fiveMinutes),
      },
      period: Duration.minutes(1),
    });
    alarm('ServerErrors', {
      alarmDescription: 'More than 1 % of requests answered 5xx (the load balancer or a role)',
      metric: serverErrors,
      threshold: 1,
      evaluationPeriods: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    const ingestLag = new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: 'IngestLagFixes',
      statistic: 'Maximum',
      period: Duration.minutes(1),
    });
    alarm('IngestLag', {
      alarmDescription: `More than ${INGEST_LAG_FIXES} accepted fixes not yet in PostgreSQL (database slow or down)`,
      metric: ingestLag,
      threshold: INGEST_LAG_FIXES,
      evaluationPeriods: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    // The processor logs a takeover as JSON (pino): {"msg":"live stage taken over", …}.
    const takeovers = new MetricFilter(this, 'StageTakeovers', {
      logGroup: props.logGroups.processor,
      filterPattern: FilterPattern.stringValue('$.msg', '=', 'live stage taken over'),
      metricNamespace: METRICS_NAMESPACE,
      metricName: 'ProcessorLeaseLost',
      metricValue: '1',
      defaultValue: 0,
    }).metric({ statistic: 'Sum', period: Duration.minutes(5) });
    alarm('ProcessorLeaseLost', {
      alarmDescription: 'A processor lost a stage lease and another took the stage over',
      metric: takeovers,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    alarm('DatabaseCpu', {
      alarmDescription: 'PostgreSQL CPU above 80 % for 10 minutes',
      metric: props.database.metricCPUUtilization({ period: Duration.minutes(5) }),
      threshold: 80,
      evaluationPeriods: 2,
    });
    alarm('DatabaseStorage', {
      alarmDescription: 'PostgreSQL has less than 5 GiB free',
      metric: props.database.metricFreeStorageSpace({ period: Duration.minutes(5) }),
      threshold: 5 * 1024 ** 3,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
    });

    const perRole = (metricName: string, statistic: string) =>
      ROLES.map(
        (role) =>
          new Metric({
            namespace: 'AWS/ECS',
            metricName,
            dimensionsMap: {
              ClusterName: props.services[role].cluster.clusterName,
              ServiceName: props.services[role].serviceName,
            },
            statistic,
            label: role,
            period: Duration.minutes(1),
          }),
      );
    const requestsByRole = ROLES.map(
      (role) =>
        new Metric({
          namespace: METRICS_NAMESPACE,
          metricName: 'echelon_http_request_duration_seconds_count',
          dimensionsMap: { role },
          statistic: 'Sum',
          label: `${role} requests (/metrics)`,
          period: Duration.minutes(1),
        }),
    );
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: 'Echelon' });
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Requests and 5xx share',
        left: [metrics.requestCount()],
        right: [serverErrors],
      }),
      new GraphWidget({ title: 'Live connections (load balancer)', left: [metrics.activeConnectionCount()] }),
      new GraphWidget({ title: 'Ingest lag (fixes not yet in PostgreSQL)', left: [ingestLag] }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'CPU by role (%)', left: perRole('CPUUtilization', 'Average') }),
      new GraphWidget({ title: 'Requests by role (from /metrics)', left: requestsByRole }),
      new GraphWidget({ title: 'Stage takeovers (lease lost)', left: [takeovers] }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'PostgreSQL',
        left: [props.database.metricCPUUtilization()],
        right: [props.database.metricDatabaseConnections()],
      }),
    );
  }
}
