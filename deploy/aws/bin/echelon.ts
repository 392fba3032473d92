/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy` in deploy/aws. Settings come from CDK context
 * (`-c name=value` or cdk.json's "context"):
 *
 *   raceSize        club | fondo | grandTour (default club)
 *   publicUrl       the address people use (PUBLIC_URL); default a placeholder to replace after the first deploy
 *   image           an image already pushed (registry/echelon:tag); default: built from the repository's Dockerfile
 *   certificateArn  ACM certificate for the load balancer's HTTPS listener
 *   cognitoDomainPrefix  Amazon Cognito in front of the organisers' sign-in (needs certificateArn)
 *   alarmEmail      who the alarms e-mail
 */
import { resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { ContainerImage } from 'aws-cdk-lib/aws-ecs';
import { EchelonStack } from '../src/echelon-stack.ts';

const app = new App();
const context = (name: string): string | undefined => app.node.tryGetContext(name) ?? undefined;
const image = context('image');

new EchelonStack(app, 'Echelon', {
  raceSize: context('raceSize') ?? 'club',
  image: image
    ? ContainerImage.fromRegistry(image)
    : ContainerImage.fromAsset(resolve(import.meta.dirname, '../../..'), { file: 'Dockerfile' }),
  publicUrl: context('publicUrl') ?? 'https://echelon.example.org',
  certificateArn: context('certificateArn'),
  cognitoDomainPrefix: context('cognitoDomainPrefix'),
  alarmEmail: context('alarmEmail'),
  // The account and region of the credentials `cdk deploy` runs with; none for an offline synth.
  env: process.env.CDK_DEFAULT_ACCOUNT
    ? { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }
    : undefined,
});
app.synth();
