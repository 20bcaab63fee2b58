import { t } from '../i18n/words.ts';

/**
 * A receipt as it prints: main's SVG shown as a picture (a data URL in an
 * `<img>`), which can neither fetch fonts nor run script, on paper-white.
 */
export function ReceiptPicture({ receiptNumber, svg }: { receiptNumber: string; svg: string | undefined }) {
  return (
    <figure className="receipt-paper">
      {svg === undefined ? (
        <p className="hint">{t.receipt.drawing}</p>
      ) : (
        <img
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
          alt={t.receipt.preview(receiptNumber)}
          data-receipt-number={receiptNumber}
        />
      )}
    </figure>
  );
}
