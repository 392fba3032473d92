import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The multipart field that carries an uploaded file, so the reference can document it. */
    multipartFile?: string;
  }
}

/** OpenAPI 3.1 generated from the routes' zod schemas, at /api/openapi.json, browsable at /api/docs. */
export async function installOpenApi(app: FastifyInstance, publicUrl: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Echelon API',
        version: '1.0.0',
        description:
          'Run bicycle races: accounts, races, stages, courses, checkpoints, start lists. Browsers sign in with ' +
          '`login` (session cookie + X-CSRF-Token header on mutating requests); scripts use a personal access ' +
          'token from `createToken` as `Authorization: Bearer …`. Errors are RFC 9457 problem+json.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'echelon_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }, {}],
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const field = input.route.config?.multipartFile;
      if (field) {
        out.schema = {
          ...out.schema,
          body: {
            type: 'object',
            required: [field],
            properties: {
              [field]: { type: 'string', format: 'binary', description: 'GPX, TCX or FIT file' },
            },
          },
        };
      }
      return out;
    },
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
