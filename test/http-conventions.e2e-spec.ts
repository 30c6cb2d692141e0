import { startTestEnv, TestEnv } from './support/harness';

describe('HTTP conventions: problem+json, validation, auth and operations', () => {
  let env: TestEnv;
  let auth: { Authorization: string };

  beforeAll(async () => {
    env = await startTestEnv();
    ({ auth } = await env.createOrg());
  });
  afterAll(() => env.close());

  const expectProblem = (res: { status: number; headers: Record<string, string>; body: { status: number; title: string; detail: string } }, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(status);
    expect(typeof res.body.title).toBe('string');
    expect(typeof res.body.detail).toBe('string');
  };

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await env.http().post('/api/v1/teams').set(auth).set('content-type', 'application/json').send('{"name":');
    expectProblem(res, 400);
  });

  it('answers an empty JSON body with 400', async () => {
    const res = await env.http().post('/api/v1/teams').set(auth).set('content-type', 'application/json');
    expectProblem(res, 400);
  });

  it('answers an unsupported content type with 415', async () => {
    const res = await env.http().post('/api/v1/teams').set(auth).set('content-type', 'application/xml').send('<team/>');
    expectProblem(res, 415);
  });

  it('answers a body over 1 MiB with 413', async () => {
    const res = await env.http().post('/api/v1/teams').set(auth).send({ name: 'x'.repeat(1024 * 1024 + 10) });
    expectProblem(res, 413);
  });

  it('lists every invalid field in errors[] with 422, and rejects unknown properties', async () => {
    const res = await env.http().post('/api/v1/users').set(auth).send({ email: 'not-an-email', role: 'boss', extra: 1 });
    expectProblem(res, 422);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'name', 'role', 'extra']));
  });

  it('treats a malformed id in a path as not found', async () => {
    expectProblem(await env.http().get('/api/v1/teams/not-a-uuid').set(auth), 404);
    expectProblem(await env.http().delete('/api/v1/members/123').set(auth), 404);
  });

  it('refuses missing, malformed and unknown API keys with 401', async () => {
    expectProblem(await env.http().get('/api/v1/me'), 401);
    expectProblem(await env.http().get('/api/v1/me').set('Authorization', 'Bearer nope'), 401);
    expectProblem(await env.http().get('/api/v1/me').set('Authorization', `Bearer rpk_${'A'.repeat(43)}`), 401);
  });

  it('answers unknown routes with a problem, not an HTML page', async () => {
    expectProblem(await env.http().get('/api/v1/nothing-here').set(auth), 404);
  });

  it('rejects a list limit outside 1–200 and a forged cursor', async () => {
    expectProblem(await env.http().get('/api/v1/users?limit=0').set(auth), 422);
    expectProblem(await env.http().get('/api/v1/users?limit=201').set(auth), 422);
    expectProblem(await env.http().get('/api/v1/users?cursor=garbage').set(auth), 422);
  });

  it('answers a well-formed but invented cursor with 422, not a database error', async () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    expectProblem(await env.http().get(`/api/v1/users?cursor=${forged(['abc', 'def'])}`).set(auth), 422);
    expectProblem(await env.http().get(`/api/v1/teams?cursor=${forged([new Date().toISOString(), 'nope'])}`).set(auth), 422);
  });

  it('refuses null for fields that may be left out but not emptied', async () => {
    const team = await env.http().post('/api/v1/teams').set(auth).send({ name: 'Nullable' }).expect(201);
    expectProblem(await env.http().patch(`/api/v1/teams/${team.body.id}`).set(auth).send({ name: null }), 422);
    expectProblem(await env.http().patch('/api/v1/org').set(auth).send({ name: null }), 422);
    expectProblem(await env.http().patch('/api/v1/org').set(auth).send({ timezone: null, anonymityThreshold: null }), 422);
    // A parent of null still means "make it a root".
    await env.http().patch(`/api/v1/teams/${team.body.id}`).set(auth).send({ parentId: null }).expect(200);
  });

  it('treats an empty PATCH of the organization as no change', async () => {
    const res = await env.http().patch('/api/v1/org').set(auth).send({}).expect(200);
    expect(res.body.anonymityThreshold).toBe(5);
  });

  it('refuses text holding a NUL character with 422', async () => {
    const res = await env.http().post('/api/v1/teams').set(auth).send({ name: 'bad\u0000name' });
    expectProblem(res, 422);
    expect(res.body.errors[0].field).toBe('name');
  });

  it('answers bodies in a media type the route does not speak with 415', async () => {
    expectProblem(await env.http().post('/api/v1/users').set(auth).type('form').send('email=a@example.com&name=A&role=manager'), 415);
    expectProblem(await env.http().post('/api/v1/teams').set(auth).set('content-type', 'text/plain').send('{"name":"x"}'), 415);
    expectProblem(await env.http().post('/api/v1/members/import').set(auth).set('content-type', 'text/plain').send('email,team\n'), 415);
  });

  it('answers a very long id with a 404 problem and accepts an upper-case id', async () => {
    expectProblem(await env.http().get(`/api/v1/teams/${'a'.repeat(300)}`).set(auth), 404);
    const team = await env.http().post('/api/v1/teams').set(auth).send({ name: 'Upper' }).expect(201);
    const res = await env.http().get(`/api/v1/teams/${team.body.id.toUpperCase()}`).set(auth).expect(200);
    expect(res.body.id).toBe(team.body.id);
  });

  it('reports liveness and readiness with the Redis eviction policy', async () => {
    expect((await env.http().get('/health')).body).toEqual({ status: 'ok' });
    const ready = await env.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details.postgres.status).toBe('up');
    expect(ready.body.details.redis.status).toBe('up');
    expect(typeof ready.body.details.redis.maxmemoryPolicy).toBe('string');
  });

  it('serves the OpenAPI document and its UI', async () => {
    const json = await env.http().get('/api/docs-json');
    expect(json.status).toBe(200);
    expect(Object.keys(json.body.paths)).toEqual(expect.arrayContaining(['/api/v1/teams', '/api/v1/members/import']));
    const ui = await env.http().get('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('sends security headers', async () => {
    const res = await env.http().get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    // The same on every response, not only the first of each policy.
    const again = await env.http().get('/api/v1/surveys/unknown');
    const security = (h: Record<string, unknown>) => Object.fromEntries(Object.entries(h).filter(([k]) => /^(x-|content-security|cross-origin|referrer|strict-transport|origin-agent)/.test(k)));
    expect(security(again.headers)).toEqual(security(res.headers));
    const docs = [await env.http().get('/api/docs'), await env.http().get('/api/docs')];
    expect(docs[0].headers['content-security-policy']).toContain("'unsafe-inline'");
    expect(security(docs[1].headers)).toEqual(security(docs[0].headers));
  });
});
