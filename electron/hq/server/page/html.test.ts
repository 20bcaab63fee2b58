import { describe, expect, it } from 'vitest';
import { html } from './html.ts';

describe('html templates', () => {
  it('escape every value, join lists and skip absent parts', () => {
    const shop = `<script>alert("x")</script> & 'co'`;
    const rows = ['a<b', 'c'].map((cell) => html`<td>${cell}</td>`);
    expect(
      html`<p title="${shop}">${shop}</p>
        ${rows}${false}${undefined}${null}${0}`.text.replace(/>\s+/g, '>'),
    ).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p><td>a&lt;b</td><td>c</td>0',
    );
  });
});
