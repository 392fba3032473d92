import type { FastifyRequest } from 'fastify';

/** Query parameters that carry a credential (the tracking socket's `?token=`, OAuth's, setup links'). */
const SECRET_PARAMS = /([?&](?:token|access_token|refresh_token|code|password)=)[^&#]*/gi;

/** The URL with every credential in its query replaced by `[redacted]`, for logs. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]');
}

/** Fastify's request log line without credentials in the URL (its default logs `req.url` as is). */
export const requestLogSerializers = {
  req(request: FastifyRequest) {
    return {
      method: request.method,
      url: redactUrl(request.url),
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket?.remotePort,
    };
  },
};
