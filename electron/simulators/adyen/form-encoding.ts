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
/** Deeper than any real SaleToAcquirerData; a hostile one must not overflow the stack. */
const MAX_DEPTH = 16;

export function parseSaleToAcquirerData(text: string): Map<string, string> | undefined {
  const json = decodeBase64Json(text);
  if (json !== undefined) {
    const pairs = new Map<string, string>();
    /** False when the object is too deep to be real (a hostile one must not overflow the stack). */
    const walk = (value: unknown, prefix: string, depth: number): boolean => {
      if (depth > MAX_DEPTH) return false;
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        return Object.entries(value).every(([key, inner]) =>
          walk(inner, prefix === '' ? key : `${prefix}.${key}`, depth + 1),
        );
      }
      if (prefix === '') return true;
      if (typeof value === 'string') {
        pairs.set(prefix, value);
        return true;
      }
      try {
        pairs.set(prefix, JSON.stringify(value));
        return true;
      } catch {
        return false;
      }
    };
    return walk(json, '', 0) ? pairs : undefined;
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
