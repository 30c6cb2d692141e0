import { classifySmtpError, messageIdFor } from './mail-transport';

describe('SMTP failures', () => {
  it('treats 5xx replies as permanent and 4xx or connection errors as temporary', () => {
    expect(classifySmtpError(Object.assign(new Error('Message failed: 550 Mailbox unavailable'), { responseCode: 550, response: '550 Mailbox unavailable' }))).toEqual({
      permanent: true,
      description: '550: 550 Mailbox unavailable',
    });
    expect(classifySmtpError(Object.assign(new Error('x'), { responseCode: 451, response: '451 Try again later' })).permanent).toBe(false);
    expect(classifySmtpError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1025'), { code: 'ESOCKET' }))).toEqual({
      permanent: false,
      description: 'ESOCKET: connect ECONNREFUSED 127.0.0.1:1025',
    });
  });

  it('derives one Message-ID per dedupe key', () => {
    const a = messageIdFor('sign-in-1', 'Rapport <no-reply@rapport.test>');
    expect(a).toMatch(/^<[0-9a-f]{40}@rapport\.test>$/);
    expect(messageIdFor('sign-in-1', 'Rapport <no-reply@rapport.test>')).toBe(a);
    expect(messageIdFor('sign-in-2', 'Rapport <no-reply@rapport.test>')).not.toBe(a);
  });
});
