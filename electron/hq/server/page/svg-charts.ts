import { html, type Html } from './html.ts';

/**
 * Bar charts as inline SVG, drawn on the server: no script, nothing fetched.
 * Each chart is an image with a title and a description that reads out
 * every value, and each bar carries its own title (a tooltip, and what a
 * screen reader announces for it). Heights are display geometry; the amounts
 * shown are the formatted minor units they came from.
 */

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** The value as a person reads it, e.g. "€1,234.56". */
  readonly valueText: string;
}

export interface ChartOptions {
  /** Unique on the page; names the title and description elements. */
  readonly id: string;
  readonly title: string;
  readonly bars: readonly Bar[];
}

function round(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

/**
 * How far one unit of value reaches over `length` units of drawing, and where zero sits: `zero` counted
 * from the high end (the top of upright bars), `zeroFromLow` from the low end (the left of lying bars).
 */
function scale(bars: readonly Bar[], length: number): { zero: number; zeroFromLow: number; per: number } {
  const high = Math.max(0, ...bars.map((bar) => bar.value));
  const low = Math.min(0, ...bars.map((bar) => bar.value));
  const span = high - low === 0 ? 1 : high - low;
  return { zero: (high / span) * length, zeroFromLow: (-low / span) * length, per: length / span };
}

function described(options: ChartOptions): string {
  if (options.bars.length === 0) return 'Nothing to show.';
  return options.bars.map((bar) => `${bar.label}: ${bar.valueText}`).join('; ');
}

/** Upright bars along a labelled axis: takings by hour. */
export function columnChart(options: ChartOptions): Html {
  const width = 720;
  const plotHeight = 180;
  const top = 10;
  const step = width / Math.max(options.bars.length, 1);
  const { zero, per } = scale(options.bars, plotHeight);
  const columns = options.bars.map((bar, index) => {
    const height = Math.abs(bar.value) * per;
    const y = top + (bar.value >= 0 ? zero - height : zero);
    const x = index * step + step * 0.15;
    return html`<g class="${bar.value < 0 ? 'bar negative' : 'bar'}"
      ><title>${bar.label}: ${bar.valueText}</title
      ><rect
        x="${round(x)}"
        y="${round(y)}"
        width="${round(step * 0.7)}"
        height="${round(Math.max(height, bar.value === 0 ? 0 : 1))}"
      ></rect
      ><text
        class="axis-label"
        x="${round(index * step + step / 2)}"
        y="${round(top + plotHeight + 16)}"
        text-anchor="middle"
        >${bar.label}</text
      ></g
    >`;
  });
  return html`<svg
    class="chart"
    viewBox="0 0 ${width} ${top + plotHeight + 24}"
    role="img"
    aria-labelledby="${options.id}-title ${options.id}-desc"
  >
    <title id="${options.id}-title">${options.title}</title>
    <desc id="${options.id}-desc">${described(options)}</desc>
    <line class="baseline" x1="0" x2="${width}" y1="${round(top + zero)}" y2="${round(top + zero)}"></line>
    ${columns}
  </svg>`;
}

/** Bars lying down, one per row with its name and amount beside it: takings by shop. */
export function barChart(options: ChartOptions): Html {
  const width = 720;
  const labelWidth = 200;
  const valueWidth = 130;
  const rowHeight = 28;
  const plotWidth = width - labelWidth - valueWidth;
  const { zeroFromLow: zero, per } = scale(options.bars, plotWidth);
  const rows = options.bars.map((bar, index) => {
    const length = Math.abs(bar.value) * per;
    const x = labelWidth + (bar.value >= 0 ? zero : zero - length);
    const y = index * rowHeight;
    return html`<g class="${bar.value < 0 ? 'bar negative' : 'bar'}"
      ><title>${bar.label}: ${bar.valueText}</title
      ><text class="axis-label" x="${labelWidth - 8}" y="${y + 18}" text-anchor="end">${bar.label}</text
      ><rect
        x="${round(x)}"
        y="${y + 5}"
        width="${round(Math.max(length, bar.value === 0 ? 0 : 1))}"
        height="${rowHeight - 10}"
      ></rect
      ><text class="value-label" x="${width - valueWidth + 8}" y="${y + 18}">${bar.valueText}</text></g
    >`;
  });
  return html`<svg
    class="chart"
    viewBox="0 0 ${width} ${Math.max(options.bars.length, 1) * rowHeight}"
    role="img"
    aria-labelledby="${options.id}-title ${options.id}-desc"
  >
    <title id="${options.id}-title">${options.title}</title>
    <desc id="${options.id}-desc">${described(options)}</desc>
    ${rows}
  </svg>`;
}
