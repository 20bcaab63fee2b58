import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CsvError, parse } from 'csv-parse/sync';
import {
  CatalogItemSchema,
  MAX_CATALOG_FILE_BYTES,
  MAX_CATALOG_ITEMS,
  type CatalogItem,
} from '../../shared/catalog/catalog-item.ts';
import { currencyExponent, decimalStringToMinor, type CurrencyCode } from '../../shared/money.ts';
import { describeIssues } from '../../shared/zod-issues.ts';

/**
 * Reads the catalogue file IT maintains, CSV or JSON, into checked items, or
 * lists everything wrong with it in words IT can act on, by line.
 *
 * CSV: a header row naming the columns (any order, any case): `sku`, `name`,
 * `price`, `vat_rate`, and optionally `barcodes` (several separated by `|` or
 * spaces) and `category`; other columns are ignored. UTF-8 with or without a
 * BOM, comma-separated, RFC 4180 quoting, blank lines ignored.
 *
 * JSON: a list of items, or `{ "items": [...] }`, each
 * `{ sku, name, price, vatRate, barcodes?: string[] | barcode?: string, category? }`.
 *
 * Prices are VAT-inclusive decimals in the till currency's major units
 * ("1.99"); VAT rates are percentages ("21", "21%", "9.5").
 */

export interface CatalogProblem {
  /** 1-based line in the CSV, or 1-based item position in JSON; 0 for the file as a whole. */
  readonly line: number;
  /** Plain words for IT: what is wrong and how to fix it. */
  readonly message: string;
}

export type ParsedCatalog = { ok: true; items: CatalogItem[] } | { ok: false; problems: CatalogProblem[] };

/** At most this many problems are listed; fixing them and loading again shows the next ones. */
export const MAX_CATALOG_PROBLEMS = 50;

/** One item as the file wrote it, before any checks. */
interface RawItem {
  readonly line: number;
  readonly sku: string;
  readonly barcodes: readonly string[];
  readonly name: string;
  readonly price: string;
  readonly vatRate: string;
  readonly category: string;
}

/** A line or item that could not even be read as an item: only its problems. */
interface UnreadableItem {
  readonly line: number;
  readonly unreadable: readonly string[];
}

type Entry = RawItem | UnreadableItem;

type Problems = CatalogProblem[] & { full?: boolean };

function report(problems: Problems, line: number, message: string): void {
  if (problems.length < MAX_CATALOG_PROBLEMS) problems.push({ line, message });
  else problems.full = true;
}

function fail(line: number, message: string): ParsedCatalog {
  return { ok: false, problems: [{ line, message }] };
}

export function parseCatalogFile(file: string, currency: CurrencyCode): ParsedCatalog {
  const name = path.basename(file);
  const extension = path.extname(file).toLowerCase();
  if (extension !== '.csv' && extension !== '.json') {
    return fail(0, `"${name}" is not a .csv or .json file; the till reads catalogues in those two formats.`);
  }
  let bytes: Buffer;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return fail(0, `${file} is a folder, not a catalogue file.`);
    if (stat.size > MAX_CATALOG_FILE_BYTES) return fail(0, tooLarge(stat.size));
    bytes = readFileSync(file);
  } catch (error) {
    return fail(0, cannotRead(file, error));
  }
  if (bytes.length > MAX_CATALOG_FILE_BYTES) return fail(0, tooLarge(bytes.length));
  let text: string;
  try {
    // Strips a UTF-8 BOM; refuses anything that is not UTF-8 rather than guessing.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail(
      0,
      `"${name}" is not UTF-8 text. Save it as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)"), then load it again.`,
    );
  }
  return extension === '.csv' ? parseCatalogCsv(text, currency) : parseCatalogJson(text, currency);
}

function cannotRead(file: string, error: unknown): string {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  switch (code) {
    case 'ENOENT':
      return `There is no file ${file}; check the path.`;
    case 'EACCES':
    case 'EPERM':
      return `The till is not allowed to read ${file}; check the file's permissions.`;
    case 'EISDIR':
      return `${file} is a folder, not a catalogue file.`;
    default:
      return `The till cannot read ${file}: ${error instanceof Error ? error.message : String(error)}.`;
  }
}

function tooLarge(size: number): string {
  const megabytes = (size / 1024 / 1024).toFixed(1);
  return `The file is ${megabytes} MB; the till reads catalogue files of at most ${MAX_CATALOG_FILE_BYTES / 1024 / 1024} MB.`;
}

function tooMany(count: number): string {
  return `The file has ${count.toLocaleString('en')} items; the till takes at most ${MAX_CATALOG_ITEMS.toLocaleString('en')}.`;
}

// CSV ------------------------------------------------------------------------------------------------------------

const REQUIRED_COLUMNS = ['sku', 'name', 'price', 'vat_rate'] as const;
const OPTIONAL_COLUMNS = ['barcodes', 'category'] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
const COLUMN_ALIASES: Readonly<Record<string, Column>> = { barcode: 'barcodes' };

function columnOf(header: string): Column | undefined {
  const normalised = header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if ((REQUIRED_COLUMNS as readonly string[]).includes(normalised)) return normalised as Column;
  if ((OPTIONAL_COLUMNS as readonly string[]).includes(normalised)) return normalised as Column;
  return COLUMN_ALIASES[normalised];
}

export function parseCatalogCsv(text: string, currency: CurrencyCode): ParsedCatalog {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > MAX_CATALOG_FILE_BYTES) return fail(0, tooLarge(bytes.length));
  const lineStarts = lineStartsOf(bytes);
  const lineAt = (offset: number) => {
    // Records start after the blank lines before them.
    let start = offset;
    while (start < bytes.length && (bytes[start] === 0x0a || bytes[start] === 0x0d)) start += 1;
    return upperBound(lineStarts, start);
  };

  const records: { fields: string[]; line: number }[] = [];
  let recordStart = 0;
  try {
    parse(bytes, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (fields: string[], context) => {
        records.push({ fields, line: lineAt(recordStart) });
        recordStart = context.bytes;
        return null;
      },
    });
  } catch (error) {
    if (error instanceof CsvError) return fail(lineAt(recordStart), csvSyntaxProblem(error));
    throw error;
  }
  // A line of only commas (a spreadsheet's empty row) is blank too.
  const rows = records.filter((record) => record.fields.some((field) => field.trim() !== ''));

  const header = rows.shift();
  if (header === undefined) {
    return fail(0, `The file is empty. It needs a header row (sku,name,price,vat_rate) and a line per item.`);
  }
  const problems: Problems = [];
  const columns = new Map<Column, number>();
  header.fields.forEach((title, position) => {
    const column = columnOf(title);
    if (column === undefined) return;
    if (columns.has(column)) report(problems, header.line, `The header names the "${column}" column twice.`);
    else columns.set(column, position);
  });
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.has(column));
  if (missing.length > 0) {
    const found = header.fields.map((title) => title.trim()).join(', ');
    if (header.fields.length === 1 && found.includes(';')) {
      report(
        problems,
        header.line,
        'The columns are separated by semicolons (;). Save the file as comma-separated CSV ' +
          '(in Excel: "CSV UTF-8 (Comma delimited)"), with prices written with a decimal point, such as 1.99.',
      );
    } else {
      report(
        problems,
        header.line,
        `The header row has no ${missing.map((column) => `"${column}"`).join(', ')} column. ` +
          `It needs sku, name, price and vat_rate, and may have barcodes and category. It has: ${found}.`,
      );
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  if (rows.length > MAX_CATALOG_ITEMS) return fail(0, tooMany(rows.length));

  const field = (fields: readonly string[], column: Column) => {
    const position = columns.get(column);
    return position === undefined ? '' : (fields[position] ?? '');
  };
  const raws: Entry[] = [];
  for (const { fields, line } of rows) {
    if (fields.length > header.fields.length) {
      const message =
        `This line has ${fields.length} fields but the header has ${header.fields.length}. ` +
        'A value that contains a comma must be in double quotes, such as "Cheese, aged".';
      raws.push({ line, unreadable: [message] });
      continue;
    }
    raws.push({
      line,
      sku: field(fields, 'sku'),
      barcodes: field(fields, 'barcodes')
        .split(/[|\s]+/)
        .filter((code) => code !== ''),
      name: field(fields, 'name'),
      price: field(fields, 'price'),
      vatRate: field(fields, 'vat_rate'),
      category: field(fields, 'category'),
    });
  }
  return checkItems(raws, currency, problems, (line) => `line ${line}`);
}

const QUOTE_INSIDE = 'Put the whole value in double quotes and write any quote inside it twice, such as "12"" pizza".';
const CSV_SYNTAX_PROBLEMS: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: `A double quote (") opens a value on this line and is never closed. ${QUOTE_INSIDE}`,
  INVALID_OPENING_QUOTE: `A double quote (") appears in the middle of a value. ${QUOTE_INSIDE}`,
  CSV_INVALID_CLOSING_QUOTE: `A quoted value has more text after its closing double quote. ${QUOTE_INSIDE}`,
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: `A quoted value has more text after its closing double quote. ${QUOTE_INSIDE}`,
};

function csvSyntaxProblem(error: CsvError): string {
  return CSV_SYNTAX_PROBLEMS[error.code] ?? `The file is not valid CSV (${error.message}).`;
}

/** The byte offset where each line starts; a line ends with \n, \r\n or a lone \r. */
function lineStartsOf(bytes: Uint8Array): number[] {
  const starts = [0];
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (byte === 0x0a || (byte === 0x0d && bytes[i + 1] !== 0x0a)) starts.push(i + 1);
  }
  return starts;
}

/** How many of the ascending `values` are ≤ `value`: the 1-based line holding a byte offset. */
function upperBound(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] ?? 0) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

// JSON -----------------------------------------------------------------------------------------------------------

export function parseCatalogJson(text: string, currency: CurrencyCode): ParsedCatalog {
  if (Buffer.byteLength(text, 'utf8') > MAX_CATALOG_FILE_BYTES) return fail(0, tooLarge(Buffer.byteLength(text)));
  let document: unknown;
  try {
    document = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    return fail(0, `The file is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  const list: unknown = Array.isArray(document) ? document : isObject(document) ? document.items : undefined;
  if (!Array.isArray(list)) {
    return fail(0, 'The JSON must be a list of items, [ {...}, {...} ], or an object with one, { "items": [...] }.');
  }
  if (list.length > MAX_CATALOG_ITEMS) return fail(0, tooMany(list.length));

  const raws: Entry[] = list.map((entry: unknown, position) => {
    const line = position + 1;
    if (!isObject(entry)) {
      return { line, unreadable: [`Item ${line} is not an object such as { "sku": "BAK-001", "name": "…", … }.`] };
    }
    const unreadable: string[] = [];
    const text = (key: string, required: boolean): string => {
      const value = entry[key];
      if (typeof value === 'string') return value;
      if (value === undefined || value === null) {
        if (required) unreadable.push(`Item ${line} has no "${key}".`);
      } else {
        unreadable.push(`Item ${line}: "${key}" must be text in double quotes.`);
      }
      return '';
    };
    const decimal = (key: string): string => {
      const value = entry[key];
      if (typeof value !== 'number') return text(key, true);
      const written = String(value);
      if (/e/i.test(written)) {
        unreadable.push(`Item ${line}: "${key}" ${written} cannot be read exactly; write it as text, such as "1.99".`);
        return '';
      }
      return written;
    };
    const barcodes: string[] = [];
    const codes = entry.barcodes;
    if (Array.isArray(codes)) {
      for (const code of codes) {
        if (typeof code === 'string') barcodes.push(code.trim());
        else unreadable.push(`Item ${line}: each barcode must be text in double quotes, so leading zeros are kept.`);
      }
    } else if (codes !== undefined && codes !== null) {
      unreadable.push(`Item ${line}: "barcodes" must be a list, such as ["8712345678906"].`);
    }
    if (entry.barcode !== undefined && entry.barcode !== null) {
      if (typeof entry.barcode === 'string') barcodes.push(entry.barcode.trim());
      else unreadable.push(`Item ${line}: "barcode" must be text in double quotes, so leading zeros are kept.`);
    }
    const raw: RawItem = {
      line,
      sku: text('sku', true),
      barcodes,
      name: text('name', true),
      price: decimal('price'),
      vatRate: decimal('vatRate'),
      category: text('category', false),
    };
    return unreadable.length > 0 ? { line, unreadable } : raw;
  });
  return checkItems(raws, currency, [], (line) => `item ${line}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Both -----------------------------------------------------------------------------------------------------------

const BARCODE = /^[0-9A-Za-z]{4,32}$/;

/**
 * Checks every item, and that no two share an SKU or a barcode (even when one
 * of them has other problems, so one round of fixes clears them all);
 * `where(line)` says "line 3" or "item 3".
 */
function checkItems(
  raws: readonly Entry[],
  currency: CurrencyCode,
  problems: Problems,
  where: (line: number) => string,
): ParsedCatalog {
  const items: CatalogItem[] = [];
  const skuLines = new Map<string, number>();
  const barcodeOwners = new Map<string, RawItem>();
  for (const raw of raws) {
    if (problems.full === true) break;
    if ('unreadable' in raw) {
      for (const message of raw.unreadable) report(problems, raw.line, message);
      continue;
    }
    const item = checkItem(raw, currency, problems);
    const sku = raw.sku.trim();
    const skuKey = sku.toLowerCase();
    const firstLine = skuLines.get(skuKey);
    if (firstLine !== undefined) {
      report(
        problems,
        raw.line,
        `SKU "${clip(sku)}" is on both ${where(firstLine)} and ${where(raw.line)}; each SKU must be unique ` +
          '(upper and lower case count as the same).',
      );
    } else if (sku !== '') {
      skuLines.set(skuKey, raw.line);
    }
    for (const barcode of item?.barcodes ?? new Set(raw.barcodes)) {
      const owner = barcodeOwners.get(barcode);
      if (owner === undefined) {
        if (BARCODE.test(barcode)) barcodeOwners.set(barcode, raw);
      } else if (owner !== raw) {
        report(
          problems,
          raw.line,
          `Barcode ${barcode} is on both ${clip(owner.sku.trim())} (${where(owner.line)}) and ${clip(sku)} ` +
            `(${where(raw.line)}); a barcode must belong to one item.`,
        );
      }
    }
    if (item !== undefined) items.push(item);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, items };
}

function checkItem(raw: RawItem, currency: CurrencyCode, problems: Problems): CatalogItem | undefined {
  const before = problems.length;
  const problem = (message: string) => report(problems, raw.line, message);

  const sku = raw.sku.trim();
  if (sku === '') problem('The SKU is empty; every item needs its own SKU.');
  else if (sku.length > 40) problem(`SKU "${clip(sku)}" is ${sku.length} characters long; the most is 40.`);

  const name = raw.name.trim();
  if (name === '') problem('The name is empty; the till shows it on the screen and the receipt.');
  else if (name.length > 80) problem(`The name "${clip(name)}" is ${name.length} characters long; the most is 80.`);

  const barcodes = [...new Set(raw.barcodes)];
  for (const barcode of barcodes) {
    if (!BARCODE.test(barcode))
      problem(`Barcode "${clip(barcode)}" is not valid: a barcode is 4 to 32 letters or digits.`);
  }
  if (barcodes.length > 20) problem(`The item has ${barcodes.length} barcodes; the most is 20.`);

  const priceMinor = checkPrice(raw.price.trim(), currency, problem);
  const vatBasisPoints = checkVatRate(raw.vatRate.trim(), problem);

  const category = raw.category.trim();
  if (category.length > 40)
    problem(`The category "${clip(category)}" is ${category.length} characters long; the most is 40.`);

  if (problems.length > before || problems.full === true || priceMinor === undefined || vatBasisPoints === undefined) {
    return undefined;
  }
  const candidate = { sku, barcodes, name, priceMinor, vatBasisPoints, ...(category === '' ? {} : { category }) };
  // Everything above says why in plain words; the schema is the last word, so the two cannot drift apart.
  const checked = CatalogItemSchema.safeParse(candidate);
  if (!checked.success) {
    problem(`The item is not valid: ${describeIssues(checked.error)}.`);
    return undefined;
  }
  return checked.data;
}

function checkPrice(price: string, currency: CurrencyCode, problem: (message: string) => void): number | undefined {
  const exponent = currencyExponent(currency);
  const example = exponent === 0 ? '250' : `2.${'5'.padEnd(exponent, '0')}`;
  if (price === '') {
    problem(`The price is empty; write it in ${currency}, VAT included, such as ${example}.`);
    return undefined;
  }
  if (/^-?\d+,\d+$/.test(price)) {
    problem(`Price "${price}" has a decimal comma; write a decimal point instead: ${price.replace(',', '.')}.`);
    return undefined;
  }
  const amount = /^-?\d+(?:\.(\d+))?$/.exec(price);
  if (amount === null) {
    problem(
      `Price "${clip(price)}" is not a plain amount. Write it in ${currency} with a decimal point, ` +
        `no currency sign and no thousands separator, such as ${example}.`,
    );
    return undefined;
  }
  if ((amount[1] ?? '').length > exponent) {
    problem(`Price "${price}" has more decimals than ${currency} has (${exponent}).`);
    return undefined;
  }
  let minor: number;
  try {
    minor = decimalStringToMinor(price, currency);
  } catch {
    problem(`Price "${clip(price)}" is too large.`);
    return undefined;
  }
  if (minor < 0 || price.startsWith('-')) {
    problem(`Price "${price}" is negative; a price is 0 or more.`);
    return undefined;
  }
  return minor;
}

function checkVatRate(rate: string, problem: (message: string) => void): number | undefined {
  if (rate === '') {
    problem('The VAT rate is empty; write it as a percentage, such as 21 or 9.');
    return undefined;
  }
  if (/^\d+,\d+\s*%?$/.test(rate)) {
    problem(`VAT rate "${rate}" has a decimal comma; write a decimal point instead: ${rate.replace(',', '.')}.`);
    return undefined;
  }
  const match = /^(\d+)(?:\.(\d+))?\s*%?$/.exec(rate);
  if (match === null) {
    problem(`VAT rate "${clip(rate)}" is not a percentage; write it such as 21, 21% or 9.5.`);
    return undefined;
  }
  const [, whole = '', fraction = ''] = match;
  if (fraction.length > 2) {
    problem(`VAT rate "${rate}" has more than 2 decimals.`);
    return undefined;
  }
  const basisPoints = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (basisPoints > 10_000) {
    problem(`VAT rate "${clip(rate)}" is more than 100 %.`);
    return undefined;
  }
  return basisPoints;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
