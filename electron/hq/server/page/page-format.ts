import { CurrencyCodeSchema, formatMoney } from '../../../../shared/money.ts';

/** How the head-office page writes amounts and times: British English, HQ's time zone. */

export const PAGE_LOCALE = 'en-GB';

/** 123456 EUR → "€1,234.56"; a currency the till sent that HQ does not know is still shown, by code. */
export function money(minor: number, currency: string): string {
  const known = CurrencyCodeSchema.safeParse(currency);
  if (!known.success || !Number.isSafeInteger(minor)) return `${String(minor)} minor units of ${currency}`;
  return formatMoney(minor, known.data, PAGE_LOCALE);
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** "6 Dec 2026, 14:05" in HQ's time zone; an unreadable timestamp is shown as it came. */
export function dateTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = timeFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(PAGE_LOCALE, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
    timeFormats.set(timeZone, format);
  }
  return format.format(date);
}

/** "2 hours ago", "3 days ago": how long since, for a till's last sync. */
export function since(iso: string, now: Date): string {
  const minutes = Math.floor((now.getTime() - new Date(iso).getTime()) / 60_000);
  if (Number.isNaN(minutes)) return '';
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** 2100 basis points → "21%"; 550 → "5.5%". */
export function vatRate(basisPoints: number): string {
  const hundredths = String(Math.abs(basisPoints) % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  const whole = String(Math.trunc(Math.abs(basisPoints) / 100));
  return `${basisPoints < 0 ? '-' : ''}${whole}${hundredths === '' ? '' : `.${hundredths}`}%`;
}
