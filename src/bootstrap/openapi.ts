import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

const DESCRIPTION = `Team relationship-health pulse surveys with anonymity by construction.

Staff authenticate with \`Authorization: Bearer rpk_…\` (an API key from \`node dist/cli.js init\`
or POST /api/v1/users/{id}/api-keys). Answering routes are public: the personal
token in the path is the credential.

Every error is \`application/problem+json\` (\`{ type, title, status, detail, errors? }\`).
Lists take \`?limit=\` (1–200, default 50) and \`?cursor=\` and answer \`{ items, nextCursor }\`.
Times are ISO 8601 date-times with an offset; percentages and scores are 0–100 with one decimal.`;

/** The OpenAPI document of every controller the app registers (served at /api/docs-json). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Rapport API')
      .setDescription(DESCRIPTION)
      .setVersion('1')
      .addServer('/', 'this host')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API key, `rpk_…`' })
      .build(),
  );
  // A private project (package.json: UNLICENSED); it has no licence URL to give.
  document.info.license = { name: 'UNLICENSED' };
  // An operation without a staff credential is public (health, or the token in the path is
  // the credential): say so explicitly instead of leaving clients to guess.
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of [item.get, item.put, item.post, item.delete, item.patch]) {
      if (!operation) continue;
      if (!operation.security) operation.security = [];
      // Every route but liveness meets a PostgreSQL or Redis outage the same way (ProblemFilter's
      // 503 with Retry-After), so it is said once here.
      if (path !== '/health') operation.responses['503'] ??= {
        description: 'PostgreSQL or Redis is unavailable or overloaded; retry after `Retry-After` seconds.',
        headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } },
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
      };
    }
  }
  return document;
}
