import { TillConfigSchema, type TillConfig } from '../../shared/config/schema.ts';
import type { Clock } from '../clock.ts';
import { createMemoryLogger } from '../logging/logger.ts';
import { createTill } from '../till.ts';

export const TEST_CONFIG: TillConfig = TillConfigSchema.parse({
  store: { name: 'Test Bakery', addressLines: ['2 Oven Row'] },
  till: { id: 'T-2', name: 'Till 2' },
  locale: 'en-GB',
  currency: 'GBP',
  mode: 'training',
});

/** A real till, with a logger that keeps its lines for assertions. */
export function createTestTill(options: { clock?: Clock } = {}) {
  const logger = createMemoryLogger();
  const till = createTill(TEST_CONFIG, { logger, version: '1.2.3-test', ...options });
  return { till, logger };
}
