/**
 * Adyen packs key-value data into strings: `AdditionalResponse`, receipt
 * lines, display references, `SaleToAcquirerData`. Spaces go out as `%20`,
 * as in Adyen's own samples, and reading accepts `+` as well.
 */

export function formEncode(pairs: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(pairs)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
}

/** `message=Did+not+receive…`, the spelling Adyen uses in EventNotification details. */
export function formEncodePlus(pairs: Readonly<Record<string, string>>): string {
  return new URLSearchParams(pairs).toString();
}

/**
 * `SaleToAcquirerData` is either form-encoded or Base64 JSON. Returns the flat
 * key-value pairs (nested JSON objects flattened with dots, so
 * `{"metadata":{"order":"7"}}` gives `metadata.order=7`), or undefined if it
 * is neither.
 */
export function parseSaleToAcquirerData(text: string): Map<string, string> | undefined {
  const json = decodeBase64Json(text);
  if (json !== undefined) {
    const pairs = new Map<string, string>();
    const walk = (value: unknown, prefix: string) => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const [key, inner] of Object.entries(value)) walk(inner, prefix === '' ? key : `${prefix}.${key}`);
      } else if (prefix !== '') {
        pairs.set(prefix, typeof value === 'string' ? value : JSON.stringify(value));
      }
    };
    walk(json, '');
    return pairs;
  }
  if (!/^[^=&]+=[^&]*(&[^=&]+=[^&]*)*$/.test(text)) return undefined;
  try {
    return new Map(new URLSearchParams(text));
  } catch {
    return undefined;
  }
}

function decodeBase64Json(text: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
