import { useEffect, useState } from 'react';
import { qrImageSource } from './qr-image.ts';
import './qr-code.css';

export interface QrCodeProps {
  /** What the code says: a payment link's address. */
  url: string;
  /** The picture's alt text: what the code is for, e.g. "QR code to pay € 8,42 by link". */
  label: string;
  /** Its width and height, as CSS: "16rem" unless given. */
  size?: string;
}

/**
 * A QR code drawn from `url` with the `qrcode` library, shown as an SVG
 * picture (data: URI). Until it is drawn, and if it cannot be (a URL too long
 * for a QR code), an empty square of the same size holds its place.
 */
export function QrCode({ url, label, size = '16rem' }: QrCodeProps) {
  const [drawn, setDrawn] = useState<{ url: string; source: string } | undefined>(undefined);
  useEffect(() => {
    let current = true;
    qrImageSource(url).then(
      (source) => {
        if (current) setDrawn({ url, source });
      },
      () => {
        if (current) setDrawn(undefined);
      },
    );
    return () => {
      current = false;
    };
  }, [url]);

  const dimensions = { width: size, height: size };
  if (drawn?.url !== url) return <div className="qr-code qr-code-pending" style={dimensions} aria-hidden="true" />;
  return <img className="qr-code" src={drawn.source} alt={label} style={dimensions} />;
}
