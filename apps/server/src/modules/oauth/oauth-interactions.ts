import { Uuid } from '@echelon/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SESSION_COOKIE } from '../../http/auth.ts';
import { badRequest, forbidden, HttpProblem, unauthorized } from '../../http/problem.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { OAuthService } from './oauth.service.ts';
import { consentPage, loginPage } from './oauth-pages.ts';
import { OAUTH_PATH } from './provider.ts';

export interface InteractionOptions {
  secureCookies: boolean;
  loginRateLimitPerMinute: number;
}

const LoginForm = z.object({ email: z.string().min(1), password: z.string().min(1) });
const ConsentForm = z.object({
  csrf: z.string(),
  registrationId: Uuid.optional(),
  deny: z.string().optional(),
});

/**
 * The sign-in and consent pages oidc-provider sends riders to. They use Echelon's own session: a
 * rider already signed in only picks the registration and consents; the login form opens the same
 * session the web app uses.
 */
export async function registerInteractions(
  http: FastifyInstance,
  oauth: OAuthService,
  auth: AuthService,
  options: InteractionOptions,
): Promise<void> {
  const { provider } = oauth;
  const base = `${OAUTH_PATH}/interaction/:uid`;
  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  /** oidc-provider answers with the redirect itself, so Fastify must not answer too. */
  const finish = async (
    request: FastifyRequest,
    reply: FastifyReply,
    result: Parameters<typeof provider.interactionFinished>[2],
    merge: boolean,
  ) => {
    reply.hijack();
    await provider.interactionFinished(request.raw, reply.raw, result, { mergeWithLastSubmission: merge });
  };

  await http.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    scope.get<{ Params: { uid: string } }>(
      base,
      { schema: { hide: true }, config: { access: 'public' } },
      async (request, reply) => {
        const details = await provider.interactionDetails(request.raw, reply.raw);
        const actor = request.actor;
        if (!actor)
          return html(reply, 200, loginPage(`${OAUTH_PATH}/interaction/${details.uid}/login`, null));
        // A different Echelon account than the one the sign-in started with re-binds it to this one.
        if (details.prompt.name === 'login' || details.session?.accountId !== actor.id) {
          return finish(request, reply, { login: { accountId: actor.id } }, false);
        }
        const client = await provider.Client.find(String(details.params.client_id));
        const choices = (await oauth.choicesFor(actor)).map((r) => ({
          registrationId: r.registrationId,
          label: `#${r.bib} ${r.firstName} ${r.lastName} · ${r.raceName}`,
        }));
        return html(
          reply,
          200,
          consentPage(
            `${OAUTH_PATH}/interaction/${details.uid}/confirm`,
            client?.clientName ?? String(details.params.client_id),
            actor.name,
            actor.sessionCsrf ?? '',
            choices,
          ),
        );
      },
    );

    scope.post<{ Params: { uid: string } }>(
      `${base}/login`,
      {
        schema: { hide: true },
        config: {
          access: 'public',
          rateLimit: { max: options.loginRateLimitPerMinute, timeWindow: '1 minute' },
        },
      },
      async (request, reply) => {
        const details = await provider.interactionDetails(request.raw, reply.raw);
        const form = LoginForm.safeParse(request.body);
        const again = `${OAUTH_PATH}/interaction/${details.uid}/login`;
        if (!form.success) return html(reply, 400, loginPage(again, 'Enter your e-mail and password'));
        try {
          const { secret, session } = await auth.login(form.data.email, form.data.password);
          reply.setCookie(SESSION_COOKIE, secret, {
            httpOnly: true,
            sameSite: 'lax',
            secure: options.secureCookies,
            path: '/',
            expires: session.expiresAt,
          });
          return reply.redirect(`${OAUTH_PATH}/interaction/${details.uid}`, 303);
        } catch (error) {
          if (error instanceof HttpProblem && error.status < 500)
            return html(reply, error.status, loginPage(again, error.message));
          throw error;
        }
      },
    );

    scope.post<{ Params: { uid: string } }>(
      `${base}/confirm`,
      // 'public' because a plain form cannot send the CSRF header; the form carries the token instead.
      { schema: { hide: true }, config: { access: 'public' } },
      async (request, reply) => {
        const actor = request.actor;
        if (!actor) throw unauthorized('Sign in again: your session has ended');
        const form = ConsentForm.safeParse(request.body);
        if (!form.success) throw badRequest('Pick a registration, then Allow or Deny');
        // The form carries the session's CSRF token: another site cannot approve on a rider's behalf.
        if (form.data.csrf !== actor.sessionCsrf)
          throw forbidden('This form has expired: open the sign-in page again');
        const details = await provider.interactionDetails(request.raw, reply.raw);
        if (form.data.deny || !form.data.registrationId) {
          return finish(
            request,
            reply,
            { error: 'access_denied', error_description: 'The rider did not allow it' },
            false,
          );
        }
        const prompt = details.prompt.details as {
          missingOIDCScope?: string[];
          missingResourceScopes?: Record<string, string[]>;
        };
        const grantId = await oauth.approve(
          actor,
          {
            clientId: String(details.params.client_id),
            missingOIDCScope: prompt.missingOIDCScope ?? [],
            missingResourceScopes: prompt.missingResourceScopes ?? {},
          },
          form.data.registrationId,
        );
        return finish(request, reply, { consent: { grantId } }, true);
      },
    );
  });
}
