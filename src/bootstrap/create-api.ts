import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Logger } from 'pino';
import { ApiModule } from '../api.module';
import { RapportConfig } from '../config/config';
import { httpDuration, httpRequests, requestLabels } from '../health/metrics';
import { refuseForeignMediaTypes, refuseNulCharacters } from '../common/body-guards';
import { RETRY_AFTER_SECONDS } from '../common/dependency-errors';
import { createLogger, PinoNestLogger } from '../common/logger';
import { problem } from '../common/problem.filter';
import { readUpload } from '../common/uploads';
import { createValidationPipe } from '../common/validation';
import { openApiDocument } from './openapi';

const BODY_LIMIT = 1024 * 1024;

const closing = new WeakSet<NestFastifyApplication>();

/**
 * Stops the API: requests already running finish; any that still arrives (on a kept-alive
 * connection, or before the load balancer notices) gets our 503 problem+json with
 * Retry-After rather than Fastify's own JSON.
 */
export async function closeApi(app: NestFastifyApplication): Promise<void> {
  closing.add(app);
  await app.close();
}

/** The route pattern, never the concrete path: `/s/:token` must not put a token in a log. */
function routeOf(request: FastifyRequest): string {
  return request.routeOptions?.url ?? 'unmatched';
}

/** Trusts the nearest `hops` proxies' X-Forwarded-For. */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

/** Builds the HTTP application; main.ts listens on it, tests call it with their own config. */
export async function createApi(config: RapportConfig, logger: Logger = createLogger({ level: config.logLevel })): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    // Fastify's own request logs would write concrete paths (tokens); ours below write patterns.
    logger: false,
    bodyLimit: BODY_LIMIT,
    // The client address counts failed link look-ups; behind a proxy, TRUST_PROXY says whose
    // X-Forwarded-For to believe.
    // A hop count is said as a function: what Fastify makes of a number, which its types no longer take.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    // Route schemas (the answering body) refuse what they do not know instead of stripping or
    // coercing it, and report every problem at once, as class-validator does elsewhere.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
    // Ids in paths are case-sensitive tokens; keep the path as sent.
    // A long path segment must reach our handlers (404 problem), not Fastify's plain 414.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    // Our own 503 while closing (closeApi), in problem+json.
    return503OnClosing: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
  });
  const fastify = app.getHttpAdapter().getInstance();

  fastify.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  );
  // HTML forms (application/x-www-form-urlencoded) are parsed by the adapter's own formbody.
  // Forms with a file (the console's CSV upload) are multipart: fields and the file land in the
  // body before the CsrfGuard reads its `_csrf` field. One file, as large as any other body.
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    onFile: readUpload,
    throwFileSizeLimit: false,
    limits: { files: 1, fileSize: BODY_LIMIT, fieldSize: BODY_LIMIT, fields: 20, parts: 21 },
  });
  await app.register(fastifyCookie as never);
  const production = config.env === 'production';
  // Secret in an HttpOnly cookie, token in each form; checked by CsrfGuard (src/auth/csrf.ts).
  await app.register(fastifyCsrf as never, { cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: production } });
  await app.register(fastifyHelmet, {
    global: false,
    // Plain-http development and docker set-ups must not be pushed to https.
    hsts: production,
    contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': production ? [] : null } },
  });
  fastify.addHook('onRequest', async (_request, reply) => {
    if (!closing.has(app)) return;
    reply
      .status(503)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .header('retry-after', String(RETRY_AFTER_SECONDS))
      .header('connection', 'close')
      .send(problem(503, 'This server is shutting down; try again in a moment.'));
    return reply;
  });
  fastify.addHook('onRequest', refuseForeignMediaTypes);
  fastify.addHook('preValidation', refuseNulCharacters);
  // Helmet builds its middleware anew on every call; its headers depend only on the policy, so
  // each policy's headers are taken from its first response and replayed on the others.
  const securityHeaders = new Map<'docs' | 'strict', Record<string, string | number | string[]>>();
  fastify.addHook('onRequest', async (request, reply) => {
    // Swagger UI needs inline scripts and styles; every other page keeps the strict policy.
    const policy = request.url.startsWith('/api/docs') ? 'docs' : 'strict';
    const known = securityHeaders.get(policy);
    if (known) {
      reply.headers(known);
      return;
    }
    const before = new Set(Object.keys(reply.raw.getHeaders()));
    (reply as unknown as { helmet: (o?: object) => void }).helmet(
      policy === 'docs'
        ? { contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'style-src': ["'self'", "'unsafe-inline'", 'https:'] } } }
        : undefined,
    );
    const set = Object.entries(reply.raw.getHeaders()).filter(([name, value]) => !before.has(name) && value !== undefined);
    securityHeaders.set(policy, Object.fromEntries(set) as Record<string, string | number | string[]>);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const route = routeOf(request);
    const seconds = reply.elapsedTime / 1000;
    const labels = requestLabels(request.method, route, reply.statusCode);
    httpRequests.inc(labels);
    httpDuration.observe({ method: labels.method, route: labels.route }, seconds);
    logger.info({ method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  app.useGlobalPipes(createValidationPipe());

  SwaggerModule.setup('api/docs', app, openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });

  await app.init();
  await fastify.ready();
  return app;
}
