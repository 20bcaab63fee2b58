import QRCode from 'qrcode';

/**
 * A QR code for `text` as a picture the page may show: qrcode's SVG as a
 * data: URI (the CSP allows images only from data: and blobs), so it can
 * neither fetch nor run anything. Error correction M, a quiet zone of two
 * modules: what phone cameras read from a screen at arm's length.
 */
export async function qrImageSource(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
