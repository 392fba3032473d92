import type { Db } from '../../db/client.ts';
import { notFound } from '../../http/problem.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../auth/actor.ts';
import { newSecret, sha256 } from '../auth/secrets.ts';
import type { RacesService } from '../races/races.service.ts';
import { RegistrationsRepository } from '../registrations/registrations.repository.ts';
import type { IngestRepository } from './ingest.repository.ts';
import type { IngestService } from './ingest.service.ts';

/** Credentials for trackers on the native protocol, each bound to one registration. */
export class DeviceTokensService {
  private readonly registrations: RegistrationsRepository;
  private readonly repo: IngestRepository;
  private readonly races: RacesService;
  private readonly ingest: IngestService;
  private readonly audit: AuditService;

  constructor(
    db: Db,
    repo: IngestRepository,
    races: RacesService,
    ingest: IngestService,
    audit: AuditService,
  ) {
    this.registrations = new RegistrationsRepository(db);
    this.repo = repo;
    this.races = races;
    this.ingest = ingest;
    this.audit = audit;
  }

  private async managedRegistration(actor: Actor, registrationId: string) {
    const registration = await this.registrations.findById(registrationId);
    if (!registration) throw notFound('No such registration');
    await this.races.managed(actor, registration.raceId);
    return registration;
  }

  async create(actor: Actor, registrationId: string) {
    const registration = await this.managedRegistration(actor, registrationId);
    const token = newSecret('ech_dev');
    const row = await this.repo.insertDeviceToken({
      registrationId,
      tokenHash: sha256(token),
      prefix: token.slice(0, 12),
      createdBy: actor.id,
    });
    await this.audit.record(
      actor,
      'device_token.create',
      { type: 'registration', id: registrationId },
      {
        bib: registration.bib,
      },
    );
    return { id: row.id, registrationId, token, createdAt: row.createdAt.toISOString() };
  }

  async revokeAll(actor: Actor, registrationId: string): Promise<number> {
    await this.managedRegistration(actor, registrationId);
    const revoked = await this.repo.revokeDeviceTokens(registrationId);
    this.ingest.credentialsRevoked(registrationId);
    await this.audit.record(
      actor,
      'device_token.revoke',
      { type: 'registration', id: registrationId },
      { revoked },
    );
    return revoked;
  }
}
