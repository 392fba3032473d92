import { RegistrationParams, RiderProfile } from '@echelon/contracts';
import { problems, type ZodApp } from '../../http/types.ts';
import type { RidersService } from './riders.service.ts';

export function registerRiderRoutes(app: ZodApp, riders: RidersService): void {
  app.get(
    '/api/v1/registrations/:registrationId/profile',
    {
      schema: {
        operationId: 'getRiderProfile',
        tags: ['riders'],
        summary: 'A rider’s page: the registration, and the same rider’s races with stage results and splits',
        params: RegistrationParams,
        response: { 200: RiderProfile, ...problems(400, 404) },
      },
      config: { access: 'public' },
    },
    async (request) => riders.profile(request.actor, request.params.registrationId),
  );
}
