import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { Ec2Action, Ec2InstanceAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import {
  AmazonLinuxCpuType,
  BlockDeviceVolume,
  EbsDeviceVolumeType,
  Instance,
  InstanceType,
  type IVpc,
  MachineImage,
  Port,
  SecurityGroup,
  SubnetType,
  UserData,
} from 'aws-cdk-lib/aws-ec2';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ARecord, type IPrivateHostedZone, RecordTarget } from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import type { RaceSize } from './race-sizes.ts';

/**
 * NATS JetStream as a cluster of three servers, one per EC2 instance in different availability zones,
 * each with its own encrypted gp3 EBS volume for JetStream's file store and a fixed private DNS name.
 *
 * Why EC2 and not ECS on Fargate with EFS: JetStream fsyncs its file store and NATS advises against
 * network file systems (NFS/EFS) for it; Fargate offers no block volume that outlives a task, so a
 * restarted server would come back empty and rebuild from its peers every time. An instance keeps its
 * EBS volume and its name across restarts, and EC2's automatic recovery brings it back on other
 * hardware with both. The server runs from NATS' official image (the one deploy/compose.yaml runs), with
 * the same settings as deploy/nats.conf plus the cluster block.
 */
export const NATS_VERSION = '2.11-alpine';
export const NATS_SERVERS = 3;
export const FIXES_STREAM = 'ECHELON_FIXES';
export const PERSIST_CONSUMER = 'echelon_persist';
export const METRICS_NAMESPACE = 'Echelon';

export class NatsCluster extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly instances: Instance[] = [];
  /** NATS_URL for the roles: every server, so a client reconnects to another when one goes. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: { vpc: IVpc; size: RaceSize; zone: IPrivateHostedZone }) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'NATS JetStream: clients from the Echelon tasks, routes between the servers',
    });
    this.securityGroup.addIngressRule(this.securityGroup, Port.tcp(6222), 'NATS cluster routes');

    const role = new Role(this, 'InstanceRole', {
      assumedBy: new ServicePrincipal('ec2.amazonaws.com'),
      // Session Manager instead of SSH: no port 22 open anywhere.
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    // The ingest lag (pending fixes of the persistence consumer) is published by the servers themselves.
    role.addToPolicy(
      new PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': METRICS_NAMESPACE } },
      }),
    );

    const names = Array.from({ length: NATS_SERVERS }, (_, i) => `nats-${i + 1}.${props.zone.zoneName}`);
    this.url = names.map((name) => `nats://${name}:4222`).join(',');
    const subnets = props.vpc.selectSubnets({ subnetType: SubnetType.PRIVATE_WITH_EGRESS }).subnets;

    names.forEach((name, i) => {
      const instance = new Instance(this, `Server${i + 1}`, {
        vpc: props.vpc,
        vpcSubnets: { subnets: [subnets[i % subnets.length]!] },
        instanceType: new InstanceType(props.size.nats.instanceType),
        machineImage: MachineImage.latestAmazonLinux2023({
          cpuType: cpuTypeOf(props.size.nats.instanceType),
        }),
        securityGroup: this.securityGroup,
        role,
        requireImdsv2: true,
        blockDevices: [
          {
            deviceName: '/dev/xvda',
            volume: BlockDeviceVolume.ebs(8, { encrypted: true, volumeType: EbsDeviceVolumeType.GP3 }),
          },
          {
            deviceName: '/dev/sdf',
            volume: BlockDeviceVolume.ebs(props.size.nats.volumeGiB, {
              encrypted: true,
              volumeType: EbsDeviceVolumeType.GP3,
              deleteOnTermination: false,
            }),
          },
        ],
        userData: natsUserData(name, i + 1, names, Stack.of(this).region),
        userDataCausesReplacement: true,
      });
      new ARecord(this, `Name${i + 1}`, {
        zone: props.zone,
        recordName: name,
        target: RecordTarget.fromIpAddresses(instance.instancePrivateIp),
        ttl: Duration.seconds(60),
      });
      // Lost hardware: the instance comes back elsewhere with the same volume, address and name.
      new Alarm(this, `Recover${i + 1}`, {
        metric: new Metric({
          namespace: 'AWS/EC2',
          metricName: 'StatusCheckFailed_System',
          dimensionsMap: { InstanceId: instance.instanceId },
          period: Duration.minutes(1),
          statistic: 'Maximum',
        }),
        threshold: 1,
        evaluationPeriods: 2,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        alarmDescription: `NATS server ${name}: system status check failed, recovering the instance`,
      }).addAlarmAction(new Ec2Action(Ec2InstanceAction.RECOVER));
      this.instances.push(instance);
    });
  }

  allowFrom(peer: SecurityGroup): void {
    this.securityGroup.addIngressRule(peer, Port.tcp(4222), 'Echelon tasks to NATS');
  }
}

/** Graviton families (t4g, m6g, …) have a "g" after the generation digit. */
const cpuTypeOf = (instanceType: string) =>
  /^[a-z]+\dg/.test(instanceType) ? AmazonLinuxCpuType.ARM_64 : AmazonLinuxCpuType.X86_64;

/**
 * The server's start: format and mount the data volume once, write nats.conf (deploy/nats.conf's
 * settings, the cluster's routes), run the official image with the host's network, and every minute
 * publish the persistence consumer's pending fixes (the ingest lag) from the meta leader's view.
 */
function natsUserData(name: string, index: number, names: string[], region: string): UserData {
  const routes = names.map((n) => `nats-route://${n}:6222`).join(', ');
  const userData = UserData.forLinux();
  userData.addCommands(
    'set -euo pipefail',
    'dnf install -y docker jq',
    'systemctl enable --now docker',
    // The data volume: /dev/sdf appears as an NVMe device on Nitro instances.
    'DEV=$(readlink -f /dev/sdf || true); [ -b "$DEV" ] || DEV=/dev/nvme1n1',
    'blkid "$DEV" || mkfs.xfs "$DEV"',
    'mkdir -p /data && echo "$DEV /data xfs defaults,nofail 0 2" >> /etc/fstab && mount -a',
    'mkdir -p /etc/nats',
    `cat > /etc/nats/nats.conf <<'EOF'
server_name: nats-${index}
port: 4222
http_port: 8222
max_payload: 8MB
jetstream {
  store_dir: /data
  max_file_store: 20GB
  max_memory_store: 1GB
}
cluster {
  name: echelon
  port: 6222
  routes: [ ${routes} ]
}
EOF`,
    `docker run -d --name nats --restart always --network host -v /data:/data -v /etc/nats:/etc/nats:ro public.ecr.aws/docker/library/nats:${NATS_VERSION} -c /etc/nats/nats.conf`,
    `cat > /usr/local/bin/echelon-ingest-lag <<'EOF'
#!/bin/sh
pending=$(curl -sf 'http://127.0.0.1:8222/jsz?consumers=true&leader-only=true' | jq '[.account_details[]?.stream_detail[]? | select(.name=="${FIXES_STREAM}") | .consumer_detail[]? | select(.name=="${PERSIST_CONSUMER}") | .num_pending] | add // empty')
[ -n "$pending" ] && aws cloudwatch put-metric-data --region ${region} --namespace ${METRICS_NAMESPACE} --metric-name IngestLagFixes --unit Count --value "$pending"
exit 0
EOF`,
    'chmod +x /usr/local/bin/echelon-ingest-lag',
    'echo "* * * * * root /usr/local/bin/echelon-ingest-lag" > /etc/cron.d/echelon-ingest-lag',
    'dnf install -y cronie && systemctl enable --now crond',
    `echo "NATS ${name} started"`,
  );
  return userData;
}
