import path from 'node:path';
import type { Catalog } from '../../shared/catalog/catalog-item.ts';
import type { TillConfig } from '../../shared/config/schema.ts';
import { ConfigError } from '../config/load-config.ts';
import { parseCatalogFile } from './parse-catalog.ts';
import { SAMPLE_CATALOG_FILE } from './sample-catalog.ts';

/**
 * The catalogue a till sells from: the file `catalog.path` names, or the
 * shipped sample. A catalogue with any problem stops the till at start, with
 * every problem listed by line, rather than letting a cashier sell from half
 * a price list.
 */
export function loadTillCatalog(config: TillConfig): Catalog {
  const file = config.catalog?.path ?? SAMPLE_CATALOG_FILE;
  const parsed = parseCatalogFile(file, config.currency);
  if (!parsed.ok) {
    // A CSV problem is at a line; a JSON problem at the item's position in the list.
    const where = file.toLowerCase().endsWith('.json') ? 'item' : 'line';
    const listed = parsed.problems.map((problem) =>
      problem.line > 0 ? `  ${where} ${String(problem.line)}: ${problem.message}` : `  ${problem.message}`,
    );
    throw new ConfigError(`The catalogue ${file} cannot be used. Fix it and start again:\n${listed.join('\n')}`);
  }
  return {
    items: parsed.items,
    source: config.catalog?.path === undefined ? 'the sample catalogue' : path.basename(file),
  };
}

/** What a till built without a catalogue (tests, the bench) sells: nothing. */
export const EMPTY_CATALOG: Catalog = { items: [], source: 'no catalogue' };
