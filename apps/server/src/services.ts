import type { Db } from './db/client.ts';
import { AuditService } from './modules/audit/audit.service.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { CoursesService } from './modules/courses/courses.service.ts';
import { RacesService } from './modules/races/races.service.ts';
import { RegistrationsService } from './modules/registrations/registrations.service.ts';
import { StagesService } from './modules/stages/stages.service.ts';
import { UsersService } from './modules/users/users.service.ts';

export interface Services {
  audit: AuditService;
  auth: AuthService;
  users: UsersService;
  races: RacesService;
  stages: StagesService;
  courses: CoursesService;
  registrations: RegistrationsService;
}

/** Wires the services over one database; transports (HTTP now, live feed and ingest later) share them. */
export function createServices(db: Db, settings: { sessionTtlDays: number }): Services {
  const audit = new AuditService(db);
  const auth = new AuthService(db, audit, settings);
  const races = new RacesService(db, audit);
  const stages = new StagesService(db, races, audit);
  return {
    audit,
    auth,
    users: new UsersService(db, audit, auth),
    races,
    stages,
    courses: new CoursesService(db, stages, audit),
    registrations: new RegistrationsService(db, races, audit),
  };
}
