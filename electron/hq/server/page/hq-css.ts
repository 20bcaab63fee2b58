/** The page's one stylesheet, served from /hq.css: the CSP allows no inline styles. */
export const HQ_CSS = `
:root { color-scheme: light; --ink: #1d232b; --muted: #5b6672; --line: #d5dbe1; --accent: #1f5fbf; --alert: #a3261b; --alert-bg: #fdeceb; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f7f9; }
header.top { display: flex; align-items: center; justify-content: space-between; gap: 1rem; padding: 0.75rem 1.5rem; background: #fff; border-bottom: 1px solid var(--line); }
header.top h1 { margin: 0; font-size: 1.25rem; }
header.top form { display: inline; margin-left: 0.75rem; }
/* Wide enough on a head-office monitor that the till and takings tables keep one line a row. */
main { max-width: 1600px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.25rem; margin: 1rem 0; overflow-x: auto; }
h2 { font-size: 1.1rem; margin: 0 0 0.75rem; }
h3 { font-size: 1rem; margin: 1rem 0 0.5rem; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 0.85rem; }
td.amount, th.amount { text-align: right; white-space: nowrap; }
tr.alert td { background: var(--alert-bg); }
.warning { color: var(--alert); font-weight: 600; }
.muted { color: var(--muted); }
.notice { padding: 0.6rem 0.9rem; border-radius: 6px; background: var(--alert-bg); color: var(--alert); }
form.range { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: end; }
label { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.9rem; }
input { font: inherit; padding: 0.35rem 0.5rem; border: 1px solid var(--line); border-radius: 4px; }
button { font: inherit; padding: 0.4rem 0.9rem; border: 1px solid var(--accent); border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button.danger { background: #fff; color: var(--alert); border-color: var(--alert); }
.login { max-width: 360px; margin: 4rem auto; }
.login form { display: flex; flex-direction: column; gap: 0.9rem; }
svg.chart { width: 100%; max-width: 760px; height: auto; display: block; }
svg.chart .bar rect { fill: var(--accent); }
svg.chart .bar.negative rect { fill: var(--alert); }
svg.chart .baseline { stroke: var(--muted); stroke-width: 1; }
svg.chart text { font-size: 11px; fill: var(--muted); }
svg.chart .value-label { fill: var(--ink); }
`;
