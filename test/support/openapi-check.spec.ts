import type { Response } from 'supertest';
import { OpenApiChecker } from './openapi-check';

const json = { 'content-type': 'application/json; charset=utf-8' };
const res = (status: number, body: unknown, headers: Record<string, string> = json) =>
  ({ status, body, text: body === undefined ? '' : JSON.stringify(body), headers }) as unknown as Response;

const checker = new OpenApiChecker({
  paths: {
    '/things/{id}': {
      get: {
        responses: {
          200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          404: { content: { 'application/problem+json': { schema: { type: 'object', required: ['status'], properties: { status: { type: 'integer' } } } } } },
        },
      },
      delete: { responses: { 204: { description: 'gone' } } },
    },
    '/things/special': { get: { responses: { 200: { content: { 'application/json': { schema: { type: 'string' } } } } } } },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        required: ['id', 'parent'],
        properties: { id: { type: 'string', format: 'uuid' }, parent: { nullable: true, type: 'object', allOf: [{ $ref: '#/components/schemas/Parent' }] } },
      },
      Parent: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    },
  },
});
const id = '6f1c8a5e-3b7d-4c2a-9e1f-0a2b3c4d5e6f';

describe('OpenApiChecker', () => {
  it('accepts a body that matches, a nullable reference as null or as the object', () => {
    expect(() => checker.check('get', `/things/${id}?x=1`, res(200, { id, parent: null }))).not.toThrow();
    expect(() => checker.check('get', `/things/${id}`, res(200, { id, parent: { name: 'a' } }))).not.toThrow();
    expect(() => checker.check('delete', `/things/${id}`, res(204, undefined, {}))).not.toThrow();
  });

  it('refuses a wrong type, a missing field and an undocumented field', () => {
    expect(() => checker.check('get', `/things/${id}`, res(200, { id: 'x', parent: null }))).toThrow(/format/);
    expect(() => checker.check('get', `/things/${id}`, res(200, { id }))).toThrow(/required/);
    expect(() => checker.check('get', `/things/${id}`, res(200, { id, parent: null, extra: 1 }))).toThrow(/additional/);
    expect(() => checker.check('get', `/things/${id}`, res(200, { id, parent: { name: 'a', extra: 1 } }))).toThrow(/additional/);
  });

  it('refuses an undocumented status or content type', () => {
    expect(() => checker.check('get', `/things/${id}`, res(409, { status: 409 }))).toThrow(/does not list/);
    expect(() => checker.check('get', `/things/${id}`, res(404, { status: 404 }))).toThrow(/application\/json/);
    expect(() => checker.check('get', `/things/${id}`, res(404, { status: 404 }, { 'content-type': 'application/problem+json' }))).not.toThrow();
  });

  it('prefers a literal path over a parameter, ignores what is not documented, and records coverage', () => {
    expect(() => checker.check('get', '/things/special', res(200, 'yes'))).not.toThrow();
    expect(() => checker.check('post', '/things/special', res(500, 'nope'))).not.toThrow();
    expect(() => checker.check('get', '/elsewhere', res(500, 'nope'))).not.toThrow();
    expect(checker.exercised.get('GET /things/special')).toEqual(new Set([200]));
    expect(checker.operationKeys).toHaveLength(3);
  });
});
