import { useMemo } from 'react';
import { formatMoney, type CurrencyCode } from '../../shared/money.ts';
import { useTillStore } from '../store/till-store.ts';

/** Money, percentages and times as the till's locale writes them. */
export interface Formatters {
  money(minor: number): string;
  /** 2100 basis points → "21%". */
  rate(basisPoints: number): string;
  time(iso: string): string;
  dateTime(iso: string): string;
}

export function createFormatters(locale: string, currency: CurrencyCode): Formatters {
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    money: (minor) => formatMoney(minor, currency, locale),
    rate: (basisPoints) => percent.format(basisPoints / 10_000),
    time: (iso) => time.format(new Date(iso)),
    dateTime: (iso) => dateTime.format(new Date(iso)),
  };
}

/** The formatters for the till main describes; English and euros until it has said. */
export function useFormat(): Formatters {
  const info = useTillStore((state) => state.info);
  const locale = info?.locale ?? 'en';
  const currency = info?.currency ?? 'EUR';
  return useMemo(() => createFormatters(locale, currency), [locale, currency]);
}
