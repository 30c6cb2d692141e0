/**
 * Checks every response the e2e tests receive against the served OpenAPI document: the
 * status must be documented for the operation, and a JSON body must match the schema of
 * that status. Objects are checked closed (no undocumented property), so a field the code
 * adds without describing it fails too. Each test file records which operations and statuses
 * it exercised; global-teardown.ts sums them up into test-artifacts/openapi-coverage.txt.
 *
 * ajv and ajv-formats come with fastify (not a declared dependency of ours).
 */
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type request from 'supertest';
import type { Response } from 'supertest';

type Json = Record<string, unknown>;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export const COVERAGE_DIR = join(__dirname, '..', '..', 'test-artifacts', 'openapi-coverage');

interface Operation {
  key: string;
  method: Method;
  pattern: RegExp;
  params: number;
  responses: Record<string, { content?: Record<string, unknown> }>;
  pointer: string;
}

/** OpenAPI 3.0 schema → JSON Schema for ajv: `nullable` as a null alternative, objects closed. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    // `example` values are data, not schemas.
    out[key] = key === 'example' ? value : toJsonSchema(value);
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (out.nullable === true) {
    delete out.nullable;
    // nestjs/swagger writes a nullable reference as `{ type: 'object', allOf: [{ $ref }] }`.
    if (Array.isArray(out.allOf) && out.type === 'object' && !out.properties) delete out.type;
    return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

export class OpenApiChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly operations: Operation[] = [];
  private readonly validators = new Map<string, ValidateFunction>();
  /** operation key → statuses seen */
  readonly exercised = new Map<string, Set<number>>();

  constructor(document: Json) {
    addFormats(this.ajv);
    const paths = document.paths as Record<string, Record<string, Json>>;
    const converted: Json = { components: toJsonSchema(document.components), paths: {} };
    for (const [path, item] of Object.entries(paths)) {
      const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const [method, operation] of Object.entries(item)) {
        const responses = operation.responses as Operation['responses'];
        // A plain key: braces and spaces in a $ref fragment would need URI escaping.
        const id = `op${this.operations.length}`;
        (converted.paths as Json)[id] = { responses: toJsonSchema(responses) };
        this.operations.push({
          key: `${method.toUpperCase()} ${path}`,
          method: method as Method,
          pattern,
          params: (path.match(/\{/g) ?? []).length,
          responses,
          pointer: `openapi.json#/paths/${id}/responses`,
        });
      }
    }
    // A literal segment wins over a parameter: /surveys/resend before /surveys/{token}.
    this.operations.sort((a, b) => a.params - b.params);
    this.ajv.addSchema(converted, 'openapi.json');
  }

  get operationKeys(): string[] {
    return this.operations.map((o) => o.key);
  }

  /** Throws when a response of a documented operation does not match the document. */
  check(method: string, url: string, res: Response): void {
    const path = url.split('?')[0].replace(/(.)\/$/, '$1');
    const operation = this.operations.find((o) => o.method === method && o.pattern.test(path));
    if (!operation) return;
    const seen = this.exercised.get(operation.key) ?? new Set<number>();
    seen.add(res.status);
    this.exercised.set(operation.key, seen);

    const where = `${operation.key} answered ${res.status}`;
    const documented = operation.responses[String(res.status)];
    if (!documented) throw new Error(`OpenAPI: ${where}, a status the document does not list. Body: ${res.text.slice(0, 300)}`);
    const type = String(res.headers['content-type'] ?? '').split(';')[0].trim();
    if (!documented.content) {
      if (res.text) throw new Error(`OpenAPI: ${where} with a body (${type}); the document says no content.`);
      return;
    }
    if (!documented.content[type]) {
      throw new Error(`OpenAPI: ${where} as ${type || 'no content type'}; the document lists ${Object.keys(documented.content).join(', ')}.`);
    }
    const ref = `${operation.pointer}/${res.status}/content/${escapePointer(type)}/schema`;
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    if (!validate(res.body)) {
      const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
      throw new Error(`OpenAPI: ${where}; the body does not match the documented schema:\n  ${errors.join('\n  ')}\nBody: ${res.text.slice(0, 500)}`);
    }
  }

  /** This test file's share of the coverage listing. */
  writeCoverage(run: string, name: string): void {
    const dir = join(COVERAGE_DIR, run);
    mkdirSync(dir, { recursive: true });
    const exercised = Object.fromEntries([...this.exercised].map(([key, statuses]) => [key, [...statuses].sort()]));
    writeFileSync(join(dir, `${name}.json`), JSON.stringify({ operations: this.operationKeys, exercised }));
  }
}

type Agent = ReturnType<typeof request.agent>;

/** Every request made through the agent gets its response checked, before the test's own expectations. */
export function checkResponses(agent: Agent, checker: OpenApiChecker): Agent {
  for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
    const original = agent[method].bind(agent);
    agent[method] = (url: string) => original(url).expect((res: Response) => checker.check(method, url, res));
  }
  return agent;
}
