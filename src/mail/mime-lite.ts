/**
 * Just enough MIME to show the development mail catcher's messages: headers (with RFC 2047
 * encoded words), multipart bodies, quoted-printable and base64. Not for untrusted mail: the
 * catcher only ever receives what our own worker sends.
 */
export interface ParsedMessage {
  subject: string;
  from: string;
  to: string;
  date: string;
  text: string;
  html: string;
}

function splitHead(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at === -1 ? raw : raw.slice(0, at);
  const body = at === -1 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function charsetOf(contentType: string): BufferEncoding {
  const charset = /charset="?([^";]+)"?/i.exec(contentType)?.[1]?.toLowerCase();
  return charset === 'iso-8859-1' || charset === 'latin1' ? 'latin1' : 'utf8';
}

export function decodeQuotedPrintable(input: string, encoding: BufferEncoding = 'utf8'): string {
  const soft = input.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const hex = soft[i] === '=' ? soft.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString(encoding);
}

export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, charset: string, kind: string, data: string) => {
      const encoding = charsetOf(`charset=${charset}`);
      return kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString(encoding)
        : decodeQuotedPrintable(data.replace(/_/g, ' '), encoding);
    });
}

function decodeBody(body: string, headers: Map<string, string>): string {
  const transfer = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const encoding = charsetOf(headers.get('content-type') ?? '');
  if (transfer === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString(encoding);
  if (transfer === 'quoted-printable') return decodeQuotedPrintable(body, encoding);
  return body;
}

function collect(raw: string, out: { text: string; html: string }): void {
  const { headers, body } = splitHead(raw);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const parts = body.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?\\n?`));
    for (const part of parts.slice(1)) if (part.trim()) collect(part, out);
    return;
  }
  if (/^text\/html/i.test(type) && !out.html) out.html = decodeBody(body, headers);
  else if (/^text\/plain/i.test(type) && !out.text) out.text = decodeBody(body, headers);
}

export function parseMessage(raw: string): ParsedMessage {
  const { headers } = splitHead(raw);
  const out = { text: '', html: '' };
  collect(raw, out);
  return {
    subject: decodeWords(headers.get('subject') ?? ''),
    from: decodeWords(headers.get('from') ?? ''),
    to: decodeWords(headers.get('to') ?? ''),
    date: headers.get('date') ?? '',
    text: out.text.replace(/\r\n/g, '\n').trimEnd(),
    html: out.html,
  };
}
