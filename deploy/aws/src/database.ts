import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { InstanceType, type IVpc, Port, SecurityGroup, SubnetType } from 'aws-cdk-lib/aws-ec2';
import {
  Credentials,
  DatabaseInstance,
  DatabaseInstanceEngine,
  ParameterGroup,
  PostgresEngineVersion,
} from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import type { RaceSize } from './race-sizes.ts';

/**
 * RDS for PostgreSQL, Multi-AZ and encrypted, in the isolated subnets. Its generated password (in
 * Secrets Manager) leaves out every character that would need escaping in DATABASE_URL, because the
 * tasks assemble that URL from the secret's fields.
 */
export class Database extends Construct {
  readonly instance: DatabaseInstance;
  readonly securityGroup: SecurityGroup;
  static readonly NAME = 'echelon';

  constructor(scope: Construct, id: string, props: { vpc: IVpc; size: RaceSize }) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Echelon PostgreSQL: reached by the Echelon tasks only',
      allowAllOutbound: false,
    });
    const engine = DatabaseInstanceEngine.postgres({ version: PostgresEngineVersion.VER_17 });
    this.instance = new DatabaseInstance(this, 'Instance', {
      engine,
      instanceType: new InstanceType(props.size.database.instanceType),
      vpc: props.vpc,
      vpcSubnets: { subnetType: SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.securityGroup],
      multiAz: true,
      storageEncrypted: true,
      allocatedStorage: props.size.database.allocatedStorageGiB,
      maxAllocatedStorage: props.size.database.maxAllocatedStorageGiB,
      databaseName: Database.NAME,
      credentials: Credentials.fromGeneratedSecret('echelon', {
        excludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\=,^',
      }),
      // Connections are encrypted (the tasks connect with sslmode=no-verify, see role-services.ts).
      parameterGroup: new ParameterGroup(this, 'Parameters', {
        engine,
        parameters: { 'rds.force_ssl': '1' },
      }),
      backupRetention: Duration.days(14),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      enablePerformanceInsights: false,
      cloudwatchLogsExports: ['postgresql'],
      publiclyAccessible: false,
    });
  }

  allowFrom(peer: SecurityGroup): void {
    this.securityGroup.addIngressRule(peer, Port.tcp(5432), 'Echelon tasks to PostgreSQL');
  }
}
