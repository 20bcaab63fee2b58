/**
 * The page a system printer gets for a receipt: the receipt's SVG as a
 * picture on a page exactly as wide as the roll and as tall as the receipt.
 * Electron prints on A4 unless told a page size (electron/electron#49374), so
 * the size is always given, in microns.
 */

export interface PrintPage {
  readonly html: string;
  readonly pageSize: { readonly width: number; readonly height: number };
}

/** Electron refuses page sides under 353 microns. */
const MIN_SIDE_MICRONS = 353;

function svgSize(svg: string): { width: number; height: number } {
  const width = Number(/<svg[^>]*\swidth="(\d+(?:\.\d+)?)px"/.exec(svg)?.[1]);
  const height = Number(/<svg[^>]*\sheight="(\d+(?:\.\d+)?)px"/.exec(svg)?.[1]);
  if (!(width > 0) || !(height > 0)) throw new Error('the receipt picture has no size');
  return { width, height };
}

export function printPage(svg: string, paperWidthMm: number): PrintPage {
  const { width, height } = svgSize(svg);
  const widthMicrons = Math.round(paperWidthMm * 1_000);
  const heightMicrons = Math.max(MIN_SIDE_MICRONS, Math.ceil((height / width) * widthMicrons));
  const picture = `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
  const html = [
    '<!doctype html><html><head><meta charset="utf-8">',
    // Nothing on this page may load or run anything: it is one picture.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`,
    `<style>@page{size:${String(paperWidthMm)}mm ${String(heightMicrons / 1_000)}mm;margin:0}html,body{margin:0}`,
    `img{display:block;width:${String(paperWidthMm)}mm}</style></head>`,
    `<body><img src="${picture}" alt=""></body></html>`,
  ].join('');
  return { html, pageSize: { width: widthMicrons, height: heightMicrons } };
}
