import nodemailer from 'nodemailer';
import { decodeQuotedPrintable, decodeWords, parseMessage } from './mime-lite';

async function compose(options: { subject: string; text: string; html?: string }): Promise<string> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'crlf' });
  const info = await transport.sendMail({ from: 'Rapport <r@rapport.test>', to: 'ana@example.com', ...options });
  return (info.message as Buffer).toString('utf8');
}

describe('mime-lite (the development mail catcher reading our own mail)', () => {
  it('reads subject, recipients and the text part of a multipart message', async () => {
    const url = `http://rapport.test/auth/magic/${'A'.repeat(43)}`;
    const raw = await compose({ subject: 'Sign in to Rapport: Zoë & Co', text: `Hello Zoë,\n\n${url}\n\n${'long line '.repeat(20)}`, html: '<p>Hi</p>' });
    const parsed = parseMessage(raw);
    expect(parsed.subject).toBe('Sign in to Rapport: Zoë & Co');
    expect(parsed.to).toContain('ana@example.com');
    expect(parsed.text).toContain('Hello Zoë,');
    expect(parsed.text).toContain(url);
    expect(parsed.text).toContain('long line '.repeat(19).trim());
    expect(parsed.html).toContain('<p>Hi</p>');
  });

  it('decodes quoted-printable and encoded words', () => {
    expect(decodeQuotedPrintable('caf=C3=A9 =\r\nau lait')).toBe('café au lait');
    expect(decodeWords('=?UTF-8?Q?Zo=C3=AB?= =?UTF-8?B?ICYgQ28=?=')).toBe('Zoë & Co');
  });
});
