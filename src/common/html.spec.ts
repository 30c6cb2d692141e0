import { csrfField, escapeHtml, html, linkify, page, raw } from './html';

describe('html', () => {
  it('escapes every interpolated value', () => {
    const name = `<script>alert("x")</script> & 'co'`;
    expect(html`<p>${name}</p>`.value).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>');
    expect(html`<a href="${'" onclick="x'}">`.value).toBe('<a href="&quot; onclick=&quot;x">');
  });

  it('keeps nested templates and raw markup, joins arrays and drops null, undefined and false', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${raw('<hr>')}${0}`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul><hr>0');
  });

  it('makes links clickable in escaped text', () => {
    expect(linkify('Open <this>: https://x.test/a?b=1&c=2 now').value).toBe(
      'Open &lt;this&gt;: <a href="https://x.test/a?b=1&amp;c=2">https://x.test/a?b=1&amp;c=2</a> now',
    );
    expect(escapeHtml('javascript:alert(1)')).toBe('javascript:alert(1)');
    expect(linkify('javascript:alert(1)').value).not.toContain('<a');
  });

  it('renders a whole page readable on a phone, with the title escaped', () => {
    const doc = page({ title: 'A & B', body: html`<p>hi</p>`, signedIn: { name: '<Eve>', csrf: 'tok' } });
    expect(doc).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(doc).toContain('<title>A &amp; B · Rapport</title>');
    expect(doc).toContain('&lt;Eve&gt;');
    expect(doc).toContain(csrfField('tok').value);
    expect(doc).toContain('<html lang="en">');
  });
});
