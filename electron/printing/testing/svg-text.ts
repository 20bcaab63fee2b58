/**
 * The words in one of receiptline's SVG receipts, for tests. receiptline puts
 * every character in its own `<tspan>` and every printed line in its own
 * `<g transform="translate(…)">`, so the text is read back per line, columns
 * joined by a single space: "White bread 3.78".
 */
export function svgTextLines(svg: string): string[] {
  const decode = (text: string) =>
    text
      .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/\u00a0/g, ' ');
  const lines: string[] = [];
  for (const row of svg.split(/<g transform="translate\(/).slice(1)) {
    const columns = [...row.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((match) =>
      decode((match[1] ?? '').replace(/<[^>]+>/g, '')).trim(),
    );
    const line = columns.filter((column) => column !== '').join(' ');
    if (line !== '') lines.push(line);
  }
  return lines;
}
