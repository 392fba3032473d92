import { Duration } from 'aws-cdk-lib';
import { type IVpc, Peer, Port, type SecurityGroup, SubnetType } from 'aws-cdk-lib/aws-ec2';
import type { FargateService } from 'aws-cdk-lib/aws-ecs';
import {
  type ApplicationListener,
  ApplicationLoadBalancer,
  ApplicationProtocol,
  ApplicationTargetGroup,
  ListenerAction,
  ListenerCertificate,
  ListenerCondition,
  TargetGroupLoadBalancingAlgorithmType,
  TargetType,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { Role } from './race-sizes.ts';
import { PORT, READY_PATH } from './task-command.ts';

/**
 * The routes of deploy/nginx.conf as listener rules, first match by priority: spectators' live feed
 * and the live snapshot to the gateways, trackers to ingest, /metrics closed, everything else to the
 * API. ALB path patterns are case-sensitive and `*` spans slashes.
 */
export const ROUTES: ReadonlyArray<{ priority: number; paths: string[]; methods?: string[]; role: Role }> = [
  { priority: 10, paths: ['/api/v1/live', '/api/v1/live/*'], role: 'gateway' },
  { priority: 20, paths: ['/api/v1/stages/*/live'], methods: ['GET', 'HEAD'], role: 'gateway' },
  { priority: 30, paths: ['/api/v1/track', '/api/v1/track/*'], role: 'ingest' },
  { priority: 40, paths: ['/osmand', '/osmand/*', '/owntracks', '/owntracks/*'], role: 'ingest' },
];
/** A quiet live feed between stages must not be cut (nginx.conf keeps it an hour; the ALB allows 4,000 s). */
export const IDLE_TIMEOUT_SECONDS = 3600;

export class LoadBalancer extends Construct {
  readonly alb: ApplicationLoadBalancer;
  readonly listener: ApplicationListener;
  readonly targets = {} as Record<Exclude<Role, 'processor'>, ApplicationTargetGroup>;

  constructor(
    scope: Construct,
    id: string,
    props: {
      vpc: IVpc;
      services: Record<Role, FargateService>;
      tasks: SecurityGroup;
      certificateArn?: string;
    },
  ) {
    super(scope, id);
    this.alb = new ApplicationLoadBalancer(this, 'Alb', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: SubnetType.PUBLIC },
      idleTimeout: Duration.seconds(IDLE_TIMEOUT_SECONDS),
      dropInvalidHeaderFields: true,
    });
    props.tasks.addIngressRule(
      this.alb.connections.securityGroups[0]!,
      Port.tcp(PORT),
      'load balancer to the Echelon tasks',
    );

    for (const role of ['api', 'ingest', 'gateway'] as const) {
      this.targets[role] = new ApplicationTargetGroup(this, `${role}Targets`, {
        vpc: props.vpc,
        port: PORT,
        protocol: ApplicationProtocol.HTTP,
        targetType: TargetType.IP,
        targets: [props.services[role]],
        healthCheck: {
          path: READY_PATH,
          healthyHttpCodes: '200',
          interval: Duration.seconds(10),
          timeout: Duration.seconds(5),
          healthyThresholdCount: 2,
          unhealthyThresholdCount: 3,
        },
        // A gateway being replaced keeps its sockets long enough for spectators to move calmly.
        deregistrationDelay: Duration.seconds(role === 'gateway' ? 30 : 15),
        // Spread sockets by how many each gateway holds, as nginx's least_conn does.
        loadBalancingAlgorithmType:
          role === 'gateway'
            ? TargetGroupLoadBalancingAlgorithmType.LEAST_OUTSTANDING_REQUESTS
            : TargetGroupLoadBalancingAlgorithmType.ROUND_ROBIN,
      });
    }

    if (props.certificateArn) {
      this.listener = this.alb.addListener('Https', {
        port: 443,
        certificates: [ListenerCertificate.fromArn(props.certificateArn)],
        defaultTargetGroups: [this.targets.api],
      });
      this.alb.addListener('HttpRedirect', {
        port: 80,
        defaultAction: ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
      });
    } else {
      this.listener = this.alb.addListener('Http', {
        port: 80,
        protocol: ApplicationProtocol.HTTP,
        defaultTargetGroups: [this.targets.api],
      });
    }
    this.alb.connections.allowFrom(
      Peer.anyIpv4(),
      Port.tcp(80),
      'HTTP from anywhere (CloudFront and trackers)',
    );

    for (const route of ROUTES) {
      this.listener.addTargetGroups(`${route.role}Rule${route.priority}`, {
        priority: route.priority,
        conditions: [
          ListenerCondition.pathPatterns(route.paths),
          ...(route.methods ? [ListenerCondition.httpRequestMethods(route.methods)] : []),
        ],
        targetGroups: [this.targets[route.role as Exclude<Role, 'processor'>]],
      });
    }
    // Prometheus scrapes each task; the aggregate is not for the public (as nginx.conf).
    this.listener.addAction('MetricsClosed', {
      priority: 5,
      conditions: [ListenerCondition.pathPatterns(['/metrics'])],
      action: ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'Not found' }),
    });
  }
}
