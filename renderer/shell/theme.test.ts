import { describe, expect, it } from 'vitest';
import { chosenTheme, readStoredTheme, storeTheme, THEME_STORAGE_KEY } from './theme.ts';

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

describe('the theme on screen', () => {
  it('is the configured one until a cashier chooses another on this till', () => {
    expect(chosenTheme('dark', null)).toBe('dark');
    expect(chosenTheme('light', 'high-contrast')).toBe('high-contrast');
  });

  it('ignores a stored value that names no theme', () => {
    expect(chosenTheme('light', 'neon')).toBe('light');
    expect(chosenTheme('dark', '')).toBe('dark');
  });

  it('is kept only while it differs from the configured one', () => {
    const storage = memoryStorage();
    storeTheme(storage, 'dark', 'light');
    expect(readStoredTheme(storage)).toBe('dark');
    storeTheme(storage, 'light', 'light');
    expect(storage.map.has(THEME_STORAGE_KEY)).toBe(false);
  });

  it('survives storage that refuses', () => {
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(readStoredTheme(refusing)).toBeNull();
    expect(() => storeTheme(refusing, 'dark', 'light')).not.toThrow();
  });
});
