import { unavailableDependency } from './dependency-errors';

describe('which failures are a dependency outage (503) rather than a bug (500)', () => {
  it.each([
    [{ code: '53300', message: 'sorry, too many clients already' }, 'PostgreSQL'],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }, 'PostgreSQL'],
    [{ code: '57P03', message: 'the database system is starting up' }, 'PostgreSQL'],
    [{ code: '53100', message: 'could not extend file: No space left on device' }, 'PostgreSQL'],
    [{ code: '25006', message: 'cannot execute INSERT in a read-only transaction' }, 'PostgreSQL'],
    [{ code: '08006', message: 'connection failure' }, 'PostgreSQL'],
    [{ message: 'x', driverError: { code: '40P01' } }, 'PostgreSQL'],
    [new Error('timeout exceeded when trying to connect'), 'PostgreSQL'],
    [new Error('Connection terminated unexpectedly'), 'PostgreSQL'],
    [new Error('Connection is closed.'), 'Redis'],
    [new Error('enqueue mail.send: no answer within 2000 ms'), 'Redis'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), 'a dependency'],
  ])('%j is %s being unavailable', (error, dependency) => {
    expect(unavailableDependency(error)).toBe(dependency);
  });

  it.each([
    [{ code: '23505', message: 'duplicate key value violates unique constraint' }],
    [{ code: '42P01', message: 'relation "nope" does not exist' }],
    [{ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', message: 'Unsupported Media Type' }],
    [new TypeError('Cannot read properties of undefined')],
    ['a string'],
    [null],
  ])('%j is not', (error) => {
    expect(unavailableDependency(error)).toBeNull();
  });
});
