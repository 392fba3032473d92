import { CfnOutput, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import { IpAddresses, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import type { ContainerImage } from 'aws-cdk-lib/aws-ecs';
import { PrivateHostedZone } from 'aws-cdk-lib/aws-route53';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { Database } from './database.ts';
import { LoadBalancer } from './load-balancer.ts';
import { Monitoring } from './monitoring.ts';
import { NatsCluster } from './nats-cluster.ts';
import { OrganiserSignIn } from './organiser-sign-in.ts';
import { type RaceSize, raceSize } from './race-sizes.ts';
import { RoleServices } from './role-services.ts';
import { WebDistribution } from './web-distribution.ts';

export interface EchelonStackProps extends StackProps {
  /** club, fondo or grandTour (race-sizes.ts). */
  raceSize: string;
  /** The Echelon image: built from the repository's Dockerfile by `cdk deploy`, or one already pushed. */
  image: ContainerImage;
  /** The address people use (PUBLIC_URL): the CloudFront distribution's, or your own domain on it. */
  publicUrl: string;
  /** An ACM certificate for the load balancer's HTTPS listener; without it the ALB listens on HTTP. */
  certificateArn?: string;
  /** Amazon Cognito in front of the organisers' sign-in (needs certificateArn). */
  cognitoDomainPrefix?: string;
  alarmEmail?: string;
}

/**
 * Echelon on AWS: a VPC over the availability zones; the four roles as ECS Fargate services from one
 * image behind an Application Load Balancer routed as deploy/nginx.conf; RDS PostgreSQL (Multi-AZ,
 * encrypted); NATS JetStream on three EC2 servers; the web app in S3 behind CloudFront with the API as
 * a second origin; CloudWatch logs, metrics, alarms and a dashboard; secrets in Secrets Manager.
 */
export class EchelonStack extends Stack {
  readonly size: RaceSize;

  constructor(scope: Construct, id: string, props: EchelonStackProps) {
    super(scope, id, props);
    this.size = raceSize(props.raceSize);
    if (props.cognitoDomainPrefix && !props.certificateArn) {
      throw new Error('Cognito in front of the sign-in needs the HTTPS listener: set certificateArn too');
    }

    const vpc = new Vpc(this, 'Vpc', {
      ipAddresses: IpAddresses.cidr('10.40.0.0/16'),
      maxAzs: 3,
      natGateways: this.size.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'tasks', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        { name: 'data', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    const zone = new PrivateHostedZone(this, 'InternalZone', { zoneName: 'echelon.internal', vpc });

    const database = new Database(this, 'Database', { vpc, size: this.size });
    const nats = new NatsCluster(this, 'Nats', { vpc, size: this.size, zone });
    // The OAuth keys every api task shares, made once with `npm run -s oauth:keys` and put into this
    // secret (docs/operations.md). Until then its placeholders stop the api tasks at start-up, naming
    // both variables, as the Kubernetes Secret's do: no silent per-task keys. Shorter than a cookie key
    // may be, so it can never be taken for one.
    const placeholder = SecretValue.unsafePlainText('change-me');
    const oauthSecret = new Secret(this, 'OAuthKeys', {
      description: 'Echelon OAUTH_COOKIE_KEYS and OAUTH_JWKS for the api tasks: npm run -s oauth:keys',
      secretObjectValue: { OAUTH_COOKIE_KEYS: placeholder, OAUTH_JWKS: placeholder },
    });

    const roles = new RoleServices(this, 'Roles', {
      vpc,
      size: this.size,
      image: props.image,
      databaseSecret: database.instance.secret!,
      oauthSecret,
      natsUrl: nats.url,
      publicUrl: props.publicUrl,
    });
    database.allowFrom(roles.securityGroup);
    nats.allowFrom(roles.securityGroup);

    const loadBalancer = new LoadBalancer(this, 'LoadBalancer', {
      vpc,
      services: roles.services,
      tasks: roles.securityGroup,
      certificateArn: props.certificateArn,
    });
    roles.autoscale(this.size, loadBalancer.targets.gateway);
    if (props.cognitoDomainPrefix) {
      new OrganiserSignIn(this, 'OrganiserSignIn', {
        listener: loadBalancer.listener,
        api: loadBalancer.targets.api,
        publicUrl: props.publicUrl,
        domainPrefix: props.cognitoDomainPrefix,
      });
    }

    const web = new WebDistribution(this, 'Web', {
      alb: loadBalancer.alb,
      albUsesHttps: Boolean(props.certificateArn),
      organiserPagesViaApi: Boolean(props.cognitoDomainPrefix),
    });
    new Monitoring(this, 'Monitoring', {
      alb: loadBalancer.alb,
      services: roles.services,
      logGroups: roles.logGroups,
      database: database.instance,
      alarmEmail: props.alarmEmail,
    });

    new CfnOutput(this, 'SiteUrl', { value: `https://${web.distribution.distributionDomainName}` });
    new CfnOutput(this, 'WebAppBucket', { value: web.bucket.bucketName });
    new CfnOutput(this, 'LoadBalancerDns', { value: loadBalancer.alb.loadBalancerDnsName });
    new CfnOutput(this, 'OAuthKeysSecret', { value: oauthSecret.secretName });
  }
}
