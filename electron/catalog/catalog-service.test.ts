import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TillConfigSchema, type TillConfig } from '../../shared/config/schema.ts';
import { ConfigError } from '../config/load-config.ts';
import { tempDir } from '../testing/temp-dir.ts';
import { loadTillCatalog } from './catalog-service.ts';
import { SAMPLE_CATALOG_SOURCE } from './sample-catalog.ts';

function config(catalog?: { path: string }): TillConfig {
  return TillConfigSchema.parse({
    store: { name: 'Shop', addressLines: [] },
    till: { id: 'T-1', name: 'Till 1' },
    locale: 'nl-NL',
    currency: 'EUR',
    mode: 'training',
    ...(catalog === undefined ? {} : { catalog }),
  });
}

function loadError(file: string): ConfigError {
  try {
    loadTillCatalog(config({ path: file }));
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${file}, the catalogue loaded`);
}

describe('loading the till catalogue', () => {
  it('without a catalogue in the configuration, loads the sample', () => {
    const catalog = loadTillCatalog(config());
    expect(catalog.source).toBe(SAMPLE_CATALOG_SOURCE);
    expect(catalog.items.length).toBeGreaterThanOrEqual(300);
    expect(catalog.items[0]).toEqual({
      sku: 'BAK-001',
      barcodes: ['8713021110000'],
      name: 'White bread, sliced 800 g',
      priceMinor: 189,
      vatBasisPoints: 900,
      category: 'Bakery',
    });
  });

  it('loads the CSV file the configuration names, and names its source by file name', () => {
    const file = path.join(tempDir(), 'prices.csv');
    writeFileSync(file, 'sku,name,price,vat_rate\nA-1,Apple,0.45,9\nB-1,Beer,1.29,21\n');
    expect(loadTillCatalog(config({ path: file }))).toEqual({
      source: 'prices.csv',
      items: [
        { sku: 'A-1', barcodes: [], name: 'Apple', priceMinor: 45, vatBasisPoints: 900 },
        { sku: 'B-1', barcodes: [], name: 'Beer', priceMinor: 129, vatBasisPoints: 2_100 },
      ],
    });
  });

  it('refuses a CSV file with two bad lines, naming the file and both lines', () => {
    const file = path.join(tempDir(), 'prices.csv');
    writeFileSync(
      file,
      [
        'sku,name,price,vat_rate',
        'A-1,Apple,0.45,9',
        'B-1,Beer,one euro,21', // line 3: a price that is not a number
        'C-1,Candle,19.99,21',
        'D-1,,2.50,9', // line 5: no name
        '',
      ].join('\n'),
    );

    const error = loadError(file);

    expect(error.message).toContain(file);
    expect(error.message).toMatch(/cannot be used/);
    const listed = error.message.split('\n').slice(1);
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatch(/^ {2}line 3: /);
    expect(listed[1]).toMatch(/^ {2}line 5: /);
    expect(error.message).not.toMatch(/line [1246]\b/);
  });

  it('reports the problems of a JSON file by item, not by line', () => {
    const file = path.join(tempDir(), 'prices.json');
    writeFileSync(
      file,
      JSON.stringify(
        [
          { sku: 'A-1', name: 'Apple', price: '0.45', vatRate: '9' },
          { sku: 'B-1', name: 'Beer', price: '-1.29', vatRate: '21' },
          { sku: 'C-1', name: 'Candle', price: '19.99' },
        ],
        null,
        2,
      ),
    );

    const error = loadError(file);

    expect(error.message).toContain(file);
    const listed = error.message.split('\n').slice(1);
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatch(/^ {2}item 2: /);
    expect(listed[1]).toMatch(/^ {2}item 3: /);
    expect(error.message).not.toMatch(/\bline \d/);
  });

  it('refuses a file that is not there, saying so without a line number', () => {
    const file = path.join(tempDir(), 'missing.csv');
    const error = loadError(file);
    expect(error.message).toContain(`There is no file ${file}`);
    expect(error.message).not.toMatch(/line \d/);
  });
});
