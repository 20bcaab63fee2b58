import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/**
 * A QR code of `url`, drawn by the qrcode library as SVG and shown as an
 * image (the CSP allows images only as data: URIs, and an <img> runs nothing).
 */
export function QrCode({ url, label, size = '14rem' }: { url: string; label: string; size?: string }) {
  const [svg, setSvg] = useState<string | undefined>(undefined);
  useEffect(() => {
    let current = true;
    QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
      .then((drawn) => {
        if (current) setSvg(drawn);
      })
      .catch(() => {
        if (current) setSvg(undefined);
      });
    return () => {
      current = false;
    };
  }, [url]);
  if (svg === undefined) return null;
  return (
    <img
      className="qr-code"
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
      alt={label}
      style={{ width: size, height: size }}
    />
  );
}
