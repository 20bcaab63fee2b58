import { useEffect, useState } from 'react';
import type { Theme } from '../../shared/config/schema.ts';
import { t } from '../i18n/words.ts';
import { applyTheme, chosenTheme, readStoredTheme, storeTheme, THEMES } from './theme.ts';

/**
 * Light, dark or high contrast, for the shop's light: configured in
 * `display.theme`, and changed here by the cashier for this till alone.
 */
export function ThemeSwitch({ configured }: { configured: Theme }) {
  const [stored, setStored] = useState(() => readStoredTheme(window.localStorage));
  const theme = chosenTheme(configured, stored);
  useEffect(() => applyTheme(document.documentElement, theme), [theme]);

  return (
    <label className="theme-switch">
      <span className="theme-switch-label">{t.theme.label}</span>
      <select
        value={theme}
        onChange={(event) => {
          const next = chosenTheme(configured, event.target.value);
          storeTheme(window.localStorage, next, configured);
          setStored(next === configured ? null : next);
        }}
      >
        {THEMES.map((name) => (
          <option key={name} value={name}>
            {t.theme.names[name]}
          </option>
        ))}
      </select>
    </label>
  );
}
