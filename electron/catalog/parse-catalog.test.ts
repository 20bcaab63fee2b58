import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CATALOG_FILE_BYTES, MAX_CATALOG_ITEMS } from '../../shared/catalog/catalog-item.ts';
import { tempDir } from '../testing/temp-dir.ts';
import {
  MAX_CATALOG_PROBLEMS,
  parseCatalogCsv,
  parseCatalogFile,
  parseCatalogJson,
  type ParsedCatalog,
} from './parse-catalog.ts';

function items(parsed: ParsedCatalog) {
  if (!parsed.ok) throw new Error(`expected a catalogue, got ${JSON.stringify(parsed.problems)}`);
  return parsed.items;
}

function problems(parsed: ParsedCatalog) {
  if (parsed.ok) throw new Error('expected problems, got a catalogue');
  return parsed.problems;
}

const HEADER = 'sku,barcodes,name,price,vat_rate,category';

describe('parseCatalogCsv', () => {
  it('reads items, columns in any order and any case, with quoting, a BOM and blank lines', () => {
    const csv = [
      '\uFEFFPrice, VAT_Rate ,Name,SKU,Category,Barcodes,Stock',
      '1.99,9,"Cheese, aged 200 g",dai-001,Dairy,8712345678906|2000000000015,12',
      '',
      '0.99,21%,"The ""Big"" Sponge",HOU-001,,8712345678913 8712345678920,3',
      ',,,,,,',
      '12,9.5,"Two-line',
      'name",X-1,, ,',
    ].join('\r\n');
    expect(items(parseCatalogCsv(csv, 'EUR'))).toEqual([
      {
        sku: 'dai-001',
        barcodes: ['8712345678906', '2000000000015'],
        name: 'Cheese, aged 200 g',
        priceMinor: 199,
        vatBasisPoints: 900,
        category: 'Dairy',
      },
      {
        sku: 'HOU-001',
        barcodes: ['8712345678913', '8712345678920'],
        name: 'The "Big" Sponge',
        priceMinor: 99,
        vatBasisPoints: 2100,
      },
      { sku: 'X-1', barcodes: [], name: 'Two-line\r\nname', priceMinor: 1200, vatBasisPoints: 950 },
    ]);
  });

  it('needs only sku, name, price and vat_rate, and reads prices in the till currency', () => {
    expect(items(parseCatalogCsv('sku,name,price,vat_rate\nA,Apple,120,10\n', 'JPY'))).toEqual([
      { sku: 'A', barcodes: [], name: 'Apple', priceMinor: 120, vatBasisPoints: 1000 },
    ]);
    expect(items(parseCatalogCsv('sku,name,price,vat_rate\nA,Apple,1.250,0\n', 'KWD'))[0]?.priceMinor).toBe(1250);
  });

  it('names each missing column, and spots a semicolon-separated file', () => {
    expect(problems(parseCatalogCsv('SKU,Naam,Prijs\nA,Appel,1.00\n', 'EUR'))).toEqual([
      {
        line: 1,
        message:
          'The header row has no "name", "price", "vat_rate" column. It needs sku, name, price and vat_rate, ' +
          'and may have barcodes and category. It has: SKU, Naam, Prijs.',
      },
    ]);
    const semicolons = problems(parseCatalogCsv('\n\nsku;name;price;vat_rate\nA;Apple;0,99;9\n', 'EUR'));
    expect(semicolons).toHaveLength(1);
    expect(semicolons[0]?.line).toBe(3);
    expect(semicolons[0]?.message).toMatch(/separated by semicolons/);
    expect(problems(parseCatalogCsv('sku,name,price,vat_rate,SKU\n', 'EUR'))[0]?.message).toMatch(/"sku" column twice/);
    expect(problems(parseCatalogCsv('\n\n', 'EUR'))[0]?.message).toMatch(/empty/);
  });

  it('lists every problem with its line, in plain words', () => {
    const csv = [
      HEADER,
      'A-1,8712345678906,Apple,1.99,9,Fruit', // fine
      'A-2,,Pear,"0,99",9,Fruit', // decimal comma
      'A-3,,Plum,-1.00,9,Fruit', // negative
      'A-4,,Kiwi,1.999,9,Fruit', // too many decimals
      'A-5,,Fig,€2,9,Fruit', // not a plain amount
      'A-6,,Lime,1.00,9.125,Fruit', // VAT decimals
      'A-7,,Date,1.00,"9,5",Fruit', // VAT comma
      'A-8,,Lemon,1.00,150,Fruit', // VAT over 100
      'A-9,,Melon,1.00,high,Fruit', // VAT not a number
      'a-1,,Apple again,1.00,9,Fruit', // duplicate SKU, other case
      'B-1,8712345678906,Cider,1.00,21,Drinks', // barcode of A-1
      'B-2,12-34,Mango,1.00,9,Fruit', // bad barcode
      ',,,1.00,,', // no SKU, name or VAT
      'B-3,,Too,many,fields,here,!', // more fields than the header
      `B-4,,${'x'.repeat(81)},1.00,9,Fruit`, // name too long
      'B-5,,Grape,,9,Fruit', // price empty
    ];
    expect(problems(parseCatalogCsv(csv.join('\n'), 'EUR'))).toEqual([
      { line: 3, message: 'Price "0,99" has a decimal comma; write a decimal point instead: 0.99.' },
      { line: 4, message: 'Price "-1.00" is negative; a price is 0 or more.' },
      { line: 5, message: 'Price "1.999" has more decimals than EUR has (2).' },
      {
        line: 6,
        message:
          'Price "€2" is not a plain amount. Write it in EUR with a decimal point, no currency sign and no ' +
          'thousands separator, such as 2.50.',
      },
      { line: 7, message: 'VAT rate "9.125" has more than 2 decimals.' },
      { line: 8, message: 'VAT rate "9,5" has a decimal comma; write a decimal point instead: 9.5.' },
      { line: 9, message: 'VAT rate "150" is more than 100 %.' },
      { line: 10, message: 'VAT rate "high" is not a percentage; write it such as 21, 21% or 9.5.' },
      {
        line: 11,
        message:
          'SKU "a-1" is on both line 2 and line 11; each SKU must be unique (upper and lower case count as the same).',
      },
      {
        line: 12,
        message: 'Barcode 8712345678906 is on both A-1 (line 2) and B-1 (line 12); a barcode must belong to one item.',
      },
      { line: 13, message: 'Barcode "12-34" is not valid: a barcode is 4 to 32 letters or digits.' },
      { line: 14, message: 'The SKU is empty; every item needs its own SKU.' },
      { line: 14, message: 'The name is empty; the till shows it on the screen and the receipt.' },
      { line: 14, message: 'The VAT rate is empty; write it as a percentage, such as 21 or 9.' },
      {
        line: 15,
        message:
          'This line has 7 fields but the header has 6. A value that contains a comma must be in double quotes, ' +
          'such as "Cheese, aged".',
      },
      { line: 16, message: `The name "${'x'.repeat(37)}…" is 81 characters long; the most is 80.` },
      { line: 17, message: 'The price is empty; write it in EUR, VAT included, such as 2.50.' },
    ]);
  });

  it('refuses a price too large to handle exactly', () => {
    expect(problems(parseCatalogCsv('sku,name,price,vat_rate\nA,Gold,99999999999999999,0\n', 'EUR'))).toEqual([
      { line: 2, message: 'Price "99999999999999999" is too large.' },
    ]);
  });

  it('reports quoting mistakes at the line where the item starts', () => {
    const unclosed = problems(
      parseCatalogCsv(`${HEADER}\nA,,Apple,1.00,9,\n\nB,,"Pear,1.00,9,\nC,,Plum,1.00,9,\n`, 'EUR'),
    );
    expect(unclosed).toEqual([{ line: 4, message: expect.stringMatching(/never closed/) as string }]);
    const stray = problems(parseCatalogCsv(`${HEADER}\r\nA,,Apple,1.00,9,\r\nB,,12" pizza,1.00,9,\r\n`, 'EUR'));
    expect(stray).toEqual([{ line: 3, message: expect.stringMatching(/in the middle of a value/) as string }]);
    const trailing = problems(parseCatalogCsv(`${HEADER}\nA,,"Apple" pie,1.00,9,\n`, 'EUR'));
    expect(trailing).toEqual([{ line: 2, message: expect.stringMatching(/after its closing double quote/) as string }]);
  });

  it('lists at most 50 problems', () => {
    const lines = Array.from({ length: 80 }, (_, i) => `S-${i},,Item,1,99,999`);
    const listed = problems(parseCatalogCsv(['sku,name,price,vat_rate', ...lines].join('\n'), 'EUR'));
    expect(listed).toHaveLength(MAX_CATALOG_PROBLEMS);
    expect(listed[0]).toEqual({
      line: 2,
      message:
        'This line has 6 fields but the header has 4. A value that contains a comma must be in double quotes, such as "Cheese, aged".',
    });
  });

  it('refuses more than 200,000 items and more than 50 MB', () => {
    const many = `sku,name,price,vat_rate\n${'A,B,1,9\n'.repeat(MAX_CATALOG_ITEMS + 1)}`;
    expect(problems(parseCatalogCsv(many, 'EUR'))).toEqual([
      { line: 0, message: 'The file has 200,001 items; the till takes at most 200,000.' },
    ]);
    const huge = `sku,name,price,vat_rate\n${'x'.repeat(MAX_CATALOG_FILE_BYTES)}`;
    expect(problems(parseCatalogCsv(huge, 'EUR'))).toEqual([
      { line: 0, message: 'The file is 50.0 MB; the till reads catalogue files of at most 50 MB.' },
    ]);
  });
});

describe('parseCatalogJson', () => {
  it('reads a list of items, or an object with one', () => {
    const list = [
      { sku: 'A-1', barcodes: ['8712345678906'], name: 'Apple', price: '1.99', vatRate: 9, category: 'Fruit' },
      { sku: 'A-2', barcode: '8712345678913', name: 'Crème', price: 0.1, vatRate: '21%', category: null, stock: 5 },
      { sku: 'A-3', name: 'Pear', price: 2, vatRate: 9.5 },
    ];
    const expected = [
      {
        sku: 'A-1',
        barcodes: ['8712345678906'],
        name: 'Apple',
        priceMinor: 199,
        vatBasisPoints: 900,
        category: 'Fruit',
      },
      { sku: 'A-2', barcodes: ['8712345678913'], name: 'Crème', priceMinor: 10, vatBasisPoints: 2100 },
      { sku: 'A-3', barcodes: [], name: 'Pear', priceMinor: 200, vatBasisPoints: 950 },
    ];
    expect(items(parseCatalogJson(JSON.stringify(list), 'EUR'))).toEqual(expected);
    expect(items(parseCatalogJson(`\uFEFF${JSON.stringify({ items: list })}`, 'EUR'))).toEqual(expected);
  });

  it('lists problems by item position', () => {
    const list = [
      { sku: 'A-1', barcodes: ['8712345678906'], name: 'Apple', price: '1.99', vatRate: 9 },
      'not an item',
      { sku: 'A-3', name: 'Pear', price: 1.999, vatRate: 9 },
      { sku: 'A-4', barcodes: [8712345678913], name: 'Plum', price: '1.00', vatRate: 9 },
      { sku: 'A-5', barcodes: '8712345678920', name: 'Kiwi', price: '1.00', vatRate: 9 },
      { sku: 5, name: 'Fig', price: '1.00' },
      { sku: 'a-1', barcode: '8712345678906', name: 'Apple again', price: 1e21, vatRate: 9 },
    ];
    expect(problems(parseCatalogJson(JSON.stringify(list), 'EUR'))).toEqual([
      { line: 2, message: 'Item 2 is not an object such as { "sku": "BAK-001", "name": "…", … }.' },
      { line: 3, message: 'Price "1.999" has more decimals than EUR has (2).' },
      { line: 4, message: 'Item 4: each barcode must be text in double quotes, so leading zeros are kept.' },
      { line: 5, message: 'Item 5: "barcodes" must be a list, such as ["8712345678906"].' },
      { line: 6, message: 'Item 6: "sku" must be text in double quotes.' },
      { line: 6, message: 'Item 6 has no "vatRate".' },
      { line: 7, message: 'Item 7: "price" 1e+21 cannot be read exactly; write it as text, such as "1.99".' },
    ]);
    const duplicates = [
      { sku: 'A-1', barcodes: ['8712345678906'], name: 'Apple', price: '1.99', vatRate: 9 },
      { sku: 'a-1', barcode: '8712345678906', name: 'Apple again', price: '1', vatRate: 9 },
    ];
    expect(problems(parseCatalogJson(JSON.stringify(duplicates), 'EUR'))).toEqual([
      {
        line: 2,
        message:
          'SKU "a-1" is on both item 1 and item 2; each SKU must be unique (upper and lower case count as the same).',
      },
      {
        line: 2,
        message: 'Barcode 8712345678906 is on both A-1 (item 1) and a-1 (item 2); a barcode must belong to one item.',
      },
    ]);
  });

  it('says when the file is not JSON, or not a list of items', () => {
    expect(problems(parseCatalogJson('{ "items": [ }', 'EUR'))[0]).toEqual({
      line: 0,
      message: expect.stringMatching(/^The file is not valid JSON \(.+\)\.$/) as string,
    });
    expect(problems(parseCatalogJson('{ "products": [] }', 'EUR'))[0]?.message).toMatch(/must be a list of items/);
    expect(items(parseCatalogJson('[]', 'EUR'))).toEqual([]);
  });
});

describe('parseCatalogFile', () => {
  it('reads .csv and .json files by their extension', () => {
    const dir = tempDir();
    const csv = path.join(dir, 'catalogue.CSV');
    writeFileSync(csv, `\uFEFF${HEADER}\r\nA-1,8712345678906,Crème fraîche,1.99,9,Dairy\r\n`);
    expect(items(parseCatalogFile(csv, 'EUR'))).toEqual([
      {
        sku: 'A-1',
        barcodes: ['8712345678906'],
        name: 'Crème fraîche',
        priceMinor: 199,
        vatBasisPoints: 900,
        category: 'Dairy',
      },
    ]);
    const json = path.join(dir, 'catalogue.json');
    writeFileSync(json, JSON.stringify({ items: [{ sku: 'A-1', name: 'Apple', price: '1.99', vatRate: 9 }] }));
    expect(items(parseCatalogFile(json, 'EUR'))).toEqual([
      { sku: 'A-1', barcodes: [], name: 'Apple', priceMinor: 199, vatBasisPoints: 900 },
    ]);
  });

  it('explains files it cannot read', () => {
    const dir = tempDir();
    expect(problems(parseCatalogFile(path.join(dir, 'catalogue.xlsx'), 'EUR'))).toEqual([
      {
        line: 0,
        message: '"catalogue.xlsx" is not a .csv or .json file; the till reads catalogues in those two formats.',
      },
    ]);
    const missing = path.join(dir, 'missing.csv');
    expect(problems(parseCatalogFile(missing, 'EUR'))).toEqual([
      { line: 0, message: `There is no file ${missing}; check the path.` },
    ]);
    const folder = path.join(dir, 'folder.csv');
    mkdirSync(folder);
    expect(problems(parseCatalogFile(folder, 'EUR'))).toEqual([
      { line: 0, message: `${folder} is a folder, not a catalogue file.` },
    ]);
    const latin1 = path.join(dir, 'latin1.csv');
    writeFileSync(latin1, Buffer.from(`${HEADER}\nA,,Cr\xe8me,1.00,9,\n`, 'latin1'));
    expect(problems(parseCatalogFile(latin1, 'EUR'))[0]?.message).toMatch(/^"latin1.csv" is not UTF-8 text/);
    const large = path.join(dir, 'large.csv');
    writeFileSync(large, Buffer.alloc(MAX_CATALOG_FILE_BYTES + 1, 0x20));
    expect(problems(parseCatalogFile(large, 'EUR'))).toEqual([
      { line: 0, message: 'The file is 50.0 MB; the till reads catalogue files of at most 50 MB.' },
    ]);
  });
});
