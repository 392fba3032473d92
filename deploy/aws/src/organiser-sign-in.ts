import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import {
  type ApplicationListener,
  type ApplicationTargetGroup,
  ListenerAction,
  ListenerCondition,
  UnauthenticatedAction,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { AuthenticateCognitoAction } from 'aws-cdk-lib/aws-elasticloadbalancingv2-actions';
import { Construct } from 'constructs';

/** Pages a person opens in the browser to sign in or administer: Cognito's sign-in comes first. */
export const ORGANISER_PAGES = ['/admin', '/admin/*', '/signin', '/signin/*', '/setup', '/setup/*'];
/** The sign-in calls behind them: refused without a Cognito session (no page to redirect a script to). */
export const ORGANISER_CALLS = ['/api/v1/auth/login', '/api/v1/setup'];

/**
 * Optional Amazon Cognito in front of the organisers' sign-in, where a club wants it: the load
 * balancer authenticates against a Cognito user pool (users created by the club's admin, MFA required,
 * or the club's own identity provider federated into the pool) before the back office, the sign-in page
 * and Echelon's password sign-in are reached at all.
 *
 * What it changes: Echelon's own accounts and roles still decide what a person may do (Cognito does
 * not create or map Echelon users); Cognito adds a gate with MFA and central off-boarding before
 * them. Spectators, riders (the /ride app signs in through /oauth) and trackers are not affected. It
 * needs the HTTPS listener (a certificate): the load balancer's authentication works on HTTPS only.
 */
export class OrganiserSignIn extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(
    scope: Construct,
    id: string,
    props: {
      listener: ApplicationListener;
      api: ApplicationTargetGroup;
      publicUrl: string;
      domainPrefix: string;
    },
  ) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Organisers', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: { minLength: 12 },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const domain = new UserPoolDomain(this, 'Domain', {
      userPool: this.userPool,
      cognitoDomain: { domainPrefix: props.domainPrefix },
    });
    this.client = this.userPool.addClient('LoadBalancer', {
      generateSecret: true,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [`${props.publicUrl}/oauth2/idpresponse`],
      },
      idTokenValidity: Duration.hours(8),
    });
    const gate = (onUnauthenticatedRequest: UnauthenticatedAction) =>
      new AuthenticateCognitoAction({
        userPool: this.userPool,
        userPoolClient: this.client,
        userPoolDomain: domain,
        onUnauthenticatedRequest,
        sessionTimeout: Duration.hours(8),
        next: ListenerAction.forward([props.api]),
      });
    props.listener.addAction('OrganiserPages', {
      priority: 1,
      conditions: [ListenerCondition.pathPatterns(ORGANISER_PAGES.slice(0, 5))],
      action: gate(UnauthenticatedAction.AUTHENTICATE),
    });
    props.listener.addAction('OrganiserPagesMore', {
      priority: 2,
      conditions: [ListenerCondition.pathPatterns(ORGANISER_PAGES.slice(5))],
      action: gate(UnauthenticatedAction.AUTHENTICATE),
    });
    props.listener.addAction('OrganiserCalls', {
      priority: 3,
      conditions: [ListenerCondition.pathPatterns(ORGANISER_CALLS)],
      action: gate(UnauthenticatedAction.DENY),
    });
  }
}
