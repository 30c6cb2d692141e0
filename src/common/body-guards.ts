import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem } from './problem.filter';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** The media types each JSON API route accepts; HTML forms belong to the pages, not the API. */
function acceptedTypes(url: string): string[] {
  return url.startsWith('/api/v1/members/import') ? ['text/csv', 'application/csv'] : ['application/json'];
}

function hasBody(request: FastifyRequest): boolean {
  const length = Number(request.headers['content-length'] ?? 0);
  return length > 0 || request.headers['transfer-encoding'] !== undefined;
}

/** onRequest: a body the API route does not speak is a 415, before anything parses it. */
export async function refuseForeignMediaTypes(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!BODY_METHODS.has(request.method) || !request.url.startsWith('/api/v1/') || !hasBody(request)) return;
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const accepted = acceptedTypes(request.url);
  if (accepted.includes(type)) return;
  const body = problem(415, `Send this body as ${accepted[0]}.`);
  await reply.status(415).header('content-type', 'application/problem+json; charset=utf-8').send(body);
}

/** The path to the first string holding a NUL (its segments), or null; built only once one is found. */
function findNul(value: unknown): Array<string | number> | null {
  if (typeof value === 'string') return value.includes('\u0000') ? [] : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i]);
      if (found) return [i, ...found];
    }
  } else if (value && typeof value === 'object') {
    for (const key in value) {
      const found = findNul((value as Record<string, unknown>)[key]);
      if (found) return [key, ...found];
    }
  }
  return null;
}

/** preValidation: PostgreSQL text cannot hold NUL; refuse it as invalid input, not a 500. */
export async function refuseNulCharacters(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const path = findNul(request.body);
  if (!path) return;
  const field = path.join('.') || 'body';
  const body = problem(422, 'Text may not contain the NUL character.', [{ field, message: `${field} contains a NUL character` }]);
  await reply.status(422).header('content-type', 'application/problem+json; charset=utf-8').send(body);
}
