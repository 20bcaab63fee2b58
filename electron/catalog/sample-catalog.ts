import path from 'node:path';

/**
 * The sample catalogue a till uses until IT gives it one: 330 items of a
 * small Dutch convenience store, prices in EUR, VAT 9 % and 21 %, EAN-13
 * barcodes (871… for packaged goods, 200… for in-store codes). It is a CSV
 * like the ones IT writes, so it goes through the same parser.
 */
export const SAMPLE_CATALOG_FILE: string = path.join(import.meta.dirname, 'sample-catalog.csv');

/** How the UI names it as the catalogue's source. */
export const SAMPLE_CATALOG_SOURCE = 'the sample catalogue';
