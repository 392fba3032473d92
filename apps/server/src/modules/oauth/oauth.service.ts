import type Provider from 'oidc-provider';
import type { Db } from '../../db/client.ts';
import { forbidden, notFound, unauthorized } from '../../http/problem.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { sha256 } from '../auth/secrets.ts';
import { BatchLoader, Gathering, REFRESH_GATHERING_MS } from '../ingest/batch-loader.ts';
import type { DeviceTokensService } from '../ingest/device-tokens.service.ts';
import type { TrackedRider } from '../ingest/ingest.repository.ts';
import { TtlCache } from '../ingest/ttl-cache.ts';
import type { RacesService } from '../races/races.service.ts';
import { UsersRepository } from '../users/users.repository.ts';
import { OAuthRepository, type RideRegistration } from './oauth.repository.ts';
import { revokeGrants } from './oauth-adapter.ts';
import type { OAuthKeys } from './oauth-keys.ts';
import { createProvider, TRACK_SCOPE, trackResource } from './provider.ts';
import { assertRiderAccount, type RiderRef } from './rider-account.ts';
import { endGrantsOf, linkRiderAccount, recordRiderLink } from './rider-link.ts';

/** What the consent step hands over: the interaction's client and the scopes it still needs. */
export interface ConsentRequest {
  clientId: string;
  missingOIDCScope: string[];
  missingResourceScopes: Record<string, string[]>;
}

/**
 * OAuth for trackers: the authorisation server, the binding of each grant to one registration, and
 * the checks that keep a token to its own rider.
 */
export class OAuthService {
  readonly provider: Provider;
  readonly publicUrl: string;
  private readonly repo: OAuthRepository;
  private readonly db: Db;
  private readonly races: RacesService;
  private readonly deviceTokens: DeviceTokensService;
  private readonly audit: AuditService;
  private readonly users: UsersRepository;
  /**
   * Access tokens already resolved, for 10 s (hashed keys): a tracker sending every second costs no
   * token lookup each time. Emptied whenever this process ends grants (revocation, rider links).
   */
  private readonly riders = new TtlCache<TrackedRider | null>(10_000, {
    // In the background, gathered with other refreshes: their token and grant lookups are a query each.
    gatherRefreshes: new Gathering(REFRESH_GATHERING_MS),
  });
  /** The registrations of the grants looked up in one turn of the event loop, in one query. */
  private readonly grants: BatchLoader<TrackedRider | null>;

  constructor(
    db: Db,
    deps: { races: RacesService; deviceTokens: DeviceTokensService; audit: AuditService },
    publicUrl: string,
    /** Keys shared with the other api processes; null: this process makes its own. */
    keys: OAuthKeys | null = null,
  ) {
    this.db = db;
    this.repo = new OAuthRepository(db);
    this.grants = new BatchLoader((ids) => this.repo.trackedRidersOfGrants(ids), null);
    this.races = deps.races;
    this.deviceTokens = deps.deviceTokens;
    this.audit = deps.audit;
    this.users = new UsersRepository(db);
    this.publicUrl = publicUrl;
    this.provider = createProvider(db, publicUrl, keys);
  }

  /**
   * The rider an OAuth access token sends for; null when it is no token of ours (or expired or
   * revoked), 403 when it is valid but was not granted for sending positions.
   */
  riderForAccessToken(value: string): Promise<TrackedRider | null> {
    return this.riders.getOrLoad(sha256(value), () => this.lookUpAccessToken(value));
  }

  private async lookUpAccessToken(value: string): Promise<TrackedRider | null> {
    const token = await this.provider.AccessToken.find(value);
    if (!token?.grantId) return null;
    const audience = [token.aud ?? []].flat();
    if (!token.scopes.has(TRACK_SCOPE) || !audience.includes(trackResource(this.publicUrl))) {
      throw forbidden(`This token may not send positions: it needs the \`${TRACK_SCOPE}\` scope`);
    }
    return this.grants.load(token.grantId);
  }

  /** The registrations this account rides: what the consent page offers. */
  choicesFor(actor: Actor): Promise<RideRegistration[]> {
    return this.repo.registrationsOfRider(actor.id);
  }

  /** A rider may connect a tracker for their own registration; organisers for their races' ones. */
  async assertMayTrack(actor: Actor, registrationId: string): Promise<RideRegistration> {
    const registration = await this.repo.registration(registrationId);
    if (!registration) throw notFound('No such registration');
    if ((await this.repo.riderOf(registrationId)) === actor.id) return registration;
    await this.races.managed(actor, registration.raceId).catch(() => {
      throw forbidden(
        'This registration is not yours: only its rider or the race’s organisers can connect a tracker',
      );
    });
    return registration;
  }

  /** Records the rider's consent: a grant for what the client asked, bound to the chosen registration. */
  async approve(actor: Actor, request: ConsentRequest, registrationId: string): Promise<string> {
    const registration = await this.assertMayTrack(actor, registrationId);
    const grant = new this.provider.Grant({ accountId: actor.id, clientId: request.clientId });
    if (request.missingOIDCScope.length > 0) grant.addOIDCScope(request.missingOIDCScope.join(' '));
    for (const [resource, scopes] of Object.entries(request.missingResourceScopes)) {
      grant.addResourceScope(resource, scopes.join(' '));
    }
    const grantId = await grant.save();
    await this.repo.bindGrant({ grantId, registrationId, userId: actor.id, clientId: request.clientId });
    await this.audit.record(
      actor,
      'oauth_grant.create',
      { type: 'registration', id: registrationId },
      { bib: registration.bib, client: request.clientId },
    );
    return grantId;
  }

  /** Back office: ends every OAuth grant and device token of a registration at once. */
  async revokeAll(actor: Actor, registrationId: string): Promise<{ grants: number; deviceTokens: number }> {
    const registration = await this.repo.registration(registrationId);
    if (!registration) throw notFound('No such registration');
    await this.races.managed(actor, registration.raceId);
    const grantIds = await this.repo.unbindGrants(registrationId);
    await revokeGrants(this.db, grantIds);
    this.riders.clear();
    const deviceTokens = await this.deviceTokens.revokeAll(actor, registrationId);
    await this.audit.record(
      actor,
      'oauth_grant.revoke',
      { type: 'registration', id: registrationId },
      { grants: grantIds.length },
    );
    return { grants: grantIds.length, deviceTokens };
  }

  /**
   * Organisers say which account rides a registration, by id or e-mail; it may then connect its own
   * trackers. Linking another account ends the previous one's grants for it, so only the account now
   * linked keeps sending; a rider invitation pending for the registration is withdrawn. Linking the
   * account already linked changes nothing.
   */
  async linkRider(actor: Actor, registrationId: string, who: RiderRef): Promise<void> {
    const registration = await this.managedRegistration(actor, registrationId);
    const user = assertRiderAccount(
      who,
      'userId' in who ? await this.users.findById(who.userId) : await this.users.findByEmail(who.email),
    );
    const linked = await linkRiderAccount(this.db, registration, user, who);
    this.riders.clear();
    if (linked) await recordRiderLink(this.audit, actor, registration, user.id, linked);
  }

  /**
   * Unlinks a registration's rider account and ends the grants it made for it (trackers organisers
   * connected stay). With `required`, 404 when no account was linked; otherwise that is a no-op.
   */
  async unlinkRider(actor: Actor, registrationId: string, options: { required: boolean }): Promise<void> {
    const registration = await this.managedRegistration(actor, registrationId);
    const previous = await this.repo.riderOf(registrationId);
    if (!previous) {
      if (options.required) throw notFound('No rider account is linked to this registration');
      return;
    }
    const grantsRevoked = await endGrantsOf(this.db, registrationId, previous);
    this.riders.clear();
    await this.repo.setRider(registrationId, null);
    await this.audit.record(
      actor,
      'registration.rider.unlink',
      { type: 'registration', id: registrationId },
      { bib: registration.bib, userId: previous, grantsRevoked },
    );
  }

  private async managedRegistration(actor: Actor, registrationId: string): Promise<RideRegistration> {
    const registration = await this.repo.registration(registrationId);
    if (!registration) throw notFound('No such registration');
    await this.races.managed(actor, registration.raceId);
    return registration;
  }

  /** What the tracker app shows about its own registration: who, which race, which stage now. */
  async ride(rider: TrackedRider | null) {
    if (!rider) throw unauthorized('Sign in again: this token is no longer valid');
    const registration = await this.repo.registration(rider.registrationId);
    if (!registration) throw notFound('No such registration');
    const stage = await this.repo.currentStage(registration.raceId);
    return {
      registrationId: registration.registrationId,
      raceId: registration.raceId,
      raceName: registration.raceName,
      raceStatus: registration.raceStatus,
      bib: registration.bib,
      name: `${registration.firstName} ${registration.lastName}`,
      stage,
    };
  }

  /** The registration for the set-up page, if the caller is its rider or manages its race. */
  async setup(actor: Actor, registrationId: string) {
    const registration = await this.assertMayTrack(actor, registrationId);
    return {
      registrationId,
      bib: registration.bib,
      name: `${registration.firstName} ${registration.lastName}`,
      raceName: registration.raceName,
      deviceId: registration.deviceId,
      osmandUrl: `${this.publicUrl}/osmand`,
      owntracksUrl: `${this.publicUrl}/owntracks?u=${encodeURIComponent(registration.deviceId ?? '')}&d=phone`,
    };
  }
}
