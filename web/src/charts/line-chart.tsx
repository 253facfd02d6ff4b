// uPlot in a Preact component: one x array, one or more y series; `points` draws a scatter instead of lines.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777'];

export interface Series {
  label: string;
  x: number[];
  y: number[];
}

export function LineChart({ title, xLabel, yLabel, series, points = false, diagonal = false }: { title: string; xLabel: string; yLabel: string; series: Series[]; points?: boolean; diagonal?: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    // uPlot wants one shared, ascending x array: merge all x values, align each series (null where absent).
    // Curves repeat x (a ROC curve's vertical steps): nudge each repeat by a negligible amount so every point
    // keeps its own slot, in the series' own order.
    const nudged = series.map((s) => {
      const seen = new Map<number, number>();
      return s.x.map((x) => {
        const n = seen.get(x) ?? 0;
        seen.set(x, n + 1);
        return x + n * 1e-9;
      });
    });
    const xs = [...new Set(nudged.flat())].sort((a, b) => a - b);
    const index = new Map(xs.map((x, i) => [x, i]));
    const ys = series.map((s, k) => {
      const col: (number | null)[] = new Array<number | null>(xs.length).fill(null);
      nudged[k]!.forEach((x, i) => (col[index.get(x) ?? 0] = s.y[i] ?? null));
      return col;
    });
    const extra = diagonal ? [xs.map((x) => x)] : [];
    const width = Math.max(260, Math.min(el.clientWidth || 480, 640));
    const plot = new uPlot(
      {
        title,
        width,
        height: Math.round(width * 0.7),
        scales: { x: { time: false } },
        legend: { live: false },
        axes: [{ label: xLabel }, { label: yLabel }],
        series: [
          {},
          ...series.map((s, i) => ({
            label: s.label,
            stroke: COLORS[i % COLORS.length],
            spanGaps: true,
            ...(points ? { paths: () => null, points: { show: true, size: 4, fill: COLORS[i % COLORS.length] } } : { points: { show: false } }),
          })),
          ...(diagonal ? [{ label: 'chance', stroke: '#9ca3af', dash: [4, 4], points: { show: false } }] : []),
        ],
      },
      [xs, ...ys, ...extra] as uPlot.AlignedData,
      el,
    );
    return () => plot.destroy();
  }, [title, xLabel, yLabel, series, points, diagonal]);
  return <div class="chart" ref={host} role="img" aria-label={title} />;
}
