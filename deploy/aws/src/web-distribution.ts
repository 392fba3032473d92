import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { LoadBalancerV2Origin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { ApplicationLoadBalancer } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * The public API's GETs CloudFront caches at the edge: race pages, start lists, results,
 * classifications, courses, statistics (seconds, so results stay fresh) and the live snapshot (one
 * second: a crowd opening the live page at once becomes one request a second per edge location).
 */
export const CACHED_API_PATHS = [
  { path: '/api/v1/stages/*/live', ttlSeconds: 1 },
  { path: '/api/v1/races*', ttlSeconds: 5 },
  { path: '/api/v1/stages/*', ttlSeconds: 5 },
  { path: '/api/v1/statistics*', ttlSeconds: 30 },
];
/** The session cookie (apps/server/src/http/auth.ts): signed-in requests are cached apart, per session. */
export const SESSION_COOKIE = 'echelon_session';

/**
 * The web app's build (apps/web/dist) in a private S3 bucket, read by CloudFront only (origin access
 * control); CloudFront also sends /api/*, /oauth/*, /ride/setup and the trackers' paths to the load
 * balancer, so the site and its API share one host name.
 */
export class WebDistribution extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(
    scope: Construct,
    id: string,
    props: { alb: ApplicationLoadBalancer; albUsesHttps: boolean; organiserPagesViaApi: boolean },
  ) {
    super(scope, id);
    this.bucket = new Bucket(this, 'WebApp', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const site = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const api = new LoadBalancerV2Origin(props.alb, {
      protocolPolicy: props.albUsesHttps ? OriginProtocolPolicy.HTTPS_ONLY : OriginProtocolPolicy.HTTP_ONLY,
      // The live feed's WebSockets stay open between frames; the ALB's own timeout is the hour.
      readTimeout: Duration.seconds(60),
      keepaliveTimeout: Duration.seconds(60),
    });

    // Anonymous requests share one cache entry; a session cookie or a token keeps its own.
    const cachedApi = (ttlSeconds: number) =>
      new CachePolicy(this, `Api${ttlSeconds}s`, {
        comment: `Echelon public API GETs, ${ttlSeconds} s`,
        defaultTtl: Duration.seconds(ttlSeconds),
        maxTtl: Duration.seconds(Math.max(ttlSeconds, 60)),
        minTtl: Duration.seconds(0),
        queryStringBehavior: CacheQueryStringBehavior.all(),
        cookieBehavior: CacheCookieBehavior.allowList(SESSION_COOKIE),
        headerBehavior: CacheHeaderBehavior.allowList('Authorization'),
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
      });
    const policies = new Map<number, CachePolicy>();
    const policyFor = (ttlSeconds: number) => {
      if (!policies.has(ttlSeconds)) policies.set(ttlSeconds, cachedApi(ttlSeconds));
      return policies.get(ttlSeconds)!;
    };
    const apiBehaviour = (ttlSeconds: number | null) => ({
      origin: api,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachedMethods: CachedMethods.CACHE_GET_HEAD,
      cachePolicy: ttlSeconds === null ? CachePolicy.CACHING_DISABLED : policyFor(ttlSeconds),
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      compress: true,
    });

    // Deep links of the single-page app (/races/…) get index.html; files and server paths pass.
    const spaFallback = new EdgeFunction(this, 'SpaFallback', {
      code: FunctionCode.fromInline(
        `function handler(event) {
  var request = event.request;
  if (request.uri.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`,
      ),
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Echelon: web app from S3, API and trackers from the load balancer',
      defaultRootObject: 'index.html',
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: site,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        compress: true,
        functionAssociations: [{ function: spaFallback, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        ...Object.fromEntries(
          CACHED_API_PATHS.map(({ path, ttlSeconds }) => [path, apiBehaviour(ttlSeconds)]),
        ),
        '/api/*': apiBehaviour(null),
        '/oauth/*': apiBehaviour(null),
        '/setup*': apiBehaviour(null),
        '/osmand*': apiBehaviour(null),
        '/owntracks*': apiBehaviour(null),
        '/healthz': apiBehaviour(null),
        '/readyz': apiBehaviour(null),
        // With Cognito, the back office and sign-in pages pass the load balancer's gate (the API
        // serves the same web app build there).
        ...(props.organiserPagesViaApi
          ? { '/admin*': apiBehaviour(null), '/signin*': apiBehaviour(null) }
          : {}),
      },
    });
  }
}
