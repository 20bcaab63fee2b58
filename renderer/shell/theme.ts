import { ThemeSchema, type Theme } from '../../shared/config/schema.ts';

/** Where this till keeps the theme a cashier chose on it (the configured one applies until then). */
export const THEME_STORAGE_KEY = 'kassa.theme';

export const THEMES: readonly Theme[] = ThemeSchema.options;

/**
 * The theme the screen shows: the one chosen on this till, if it still names a
 * theme (storage is anyone's to edit), else the configured one.
 */
export function chosenTheme(configured: Theme, stored: string | null): Theme {
  const parsed = ThemeSchema.safeParse(stored);
  return parsed.success ? parsed.data : configured;
}

/** Reads the choice kept on this till; a page that may not use storage has none. */
export function readStoredTheme(storage: Pick<Storage, 'getItem'> | undefined): string | null {
  try {
    return storage?.getItem(THEME_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Keeps the cashier's choice on this till; choosing the configured theme again forgets it. */
export function storeTheme(
  storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined,
  theme: Theme,
  configured: Theme,
) {
  try {
    if (theme === configured) storage?.removeItem(THEME_STORAGE_KEY);
    else storage?.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Storage full or refused: the theme still applies until the page reloads.
  }
}

/** The stylesheet picks its colours from this attribute on the root element. */
export function applyTheme(root: HTMLElement, theme: Theme) {
  root.dataset.theme = theme;
}
