import { classifyRenderError, isDroppedPartition, retryDelaySeconds } from './mail-failures';

describe('render failures', () => {
  it('treats database and network errors as temporary', () => {
    expect(classifyRenderError(Object.assign(new Error('deadlock detected'), { code: '40P01' }))).toEqual({
      permanent: false,
      description: 'database unavailable while rendering: 40P01 deadlock detected',
    });
    expect(classifyRenderError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })).permanent).toBe(false);
    expect(classifyRenderError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })).permanent).toBe(false);
    expect(classifyRenderError(new Error('Connection terminated unexpectedly')).permanent).toBe(false);
    expect(classifyRenderError(new Error('timeout exceeded when trying to connect')).permanent).toBe(false);
  });

  it('treats a template bug or a broken query as permanent', () => {
    expect(classifyRenderError(new TypeError("Cannot read properties of undefined (reading 'name')"))).toEqual({
      permanent: true,
      description: "template error: Cannot read properties of undefined (reading 'name')",
    });
    expect(classifyRenderError(Object.assign(new Error('syntax error at or near "FORM"'), { code: '42601' })).permanent).toBe(true);
  });

  it('recognizes a dropped partition', () => {
    expect(isDroppedPartition(Object.assign(new Error('relation "email_outbox_ab" does not exist'), { code: '42P01' }))).toBe(true);
    expect(isDroppedPartition(new Error('x'))).toBe(false);
  });

  it('backs off exponentially up to an hour', () => {
    expect([1, 2, 3, 10, 11, 12, 40].map(retryDelaySeconds)).toEqual([2, 4, 8, 1024, 2048, 3600, 3600]);
  });
});
