import { describe, expect, it } from 'vitest';
import { barChart, columnChart } from './svg-charts.ts';

describe('charts', () => {
  it('are images with a title and a description that reads every value, escaped', () => {
    const svg = barChart({
      id: 'shops',
      title: 'Net takings by shop (EUR)',
      bars: [
        { label: 'A&B <Centraal>', value: 12_000, valueText: '€120.00' },
        { label: 'Zuid', value: -500, valueText: '-€5.00' },
      ],
    }).text;
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="shops-title shops-desc"');
    expect(svg).toContain('<title id="shops-title">Net takings by shop (EUR)</title>');
    expect(svg).toContain('<desc id="shops-desc">A&amp;B &lt;Centraal&gt;: €120.00; Zuid: -€5.00</desc>');
    expect(svg).toContain('class="bar negative"');
    expect(svg).not.toContain('style=');
  });

  it('draw every column inside the picture, with nothing to show said in words', () => {
    const bars = Array.from({ length: 24 }, (_, hour) => ({
      label: String(hour),
      value: hour * 100,
      valueText: String(hour),
    }));
    const svg = columnChart({ id: 'hours', title: 'By hour', bars }).text;
    expect(svg.match(/<rect\s/g)).toHaveLength(24);
    for (const [, y, height] of svg.matchAll(
      /<rect\s+x="[\d.]+"\s+y="([\d.-]+)"\s+width="[\d.]+"\s+height="([\d.]+)"/g,
    )) {
      expect(Number(y)).toBeGreaterThanOrEqual(0);
      expect(Number(y) + Number(height)).toBeLessThanOrEqual(190.1);
    }
    expect(columnChart({ id: 'none', title: 'By hour', bars: [] }).text).toContain('Nothing to show.');
  });
});

describe('lying bars', () => {
  it('start at zero on the left and stay inside the plot, negative ones to the left of zero', () => {
    const rects = (bars: { value: number }[]) =>
      [
        ...barChart({
          id: 'b',
          title: 't',
          bars: bars.map((bar, index) => ({ label: String(index), value: bar.value, valueText: '' })),
        }).text.matchAll(/<rect\s+x="([\d.]+)"\s+y="[\d.]+"\s+width="([\d.]+)"/g),
      ].map(([, x, width]) => ({ x: Number(x), width: Number(width) }));
    expect(rects([{ value: 100 }, { value: 50 }])).toEqual([
      { x: 200, width: 390 },
      { x: 200, width: 195 },
    ]);
    expect(rects([{ value: 100 }, { value: -100 }])).toEqual([
      { x: 395, width: 195 },
      { x: 200, width: 195 },
    ]);
  });
});
