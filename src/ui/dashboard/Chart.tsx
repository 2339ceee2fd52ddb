// One uPlot chart over weeks, in the theme's colours (drawn again when the theme or the width
// changes). The canvas is an image with a name; the table beside it (DataTable) has the numbers.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  values: (number | null)[];
  /** A CSS variable for its colour. */
  color: string;
  bars?: boolean;
}

interface Props {
  title: string;
  /** Week labels ('YYYY-MM-DD', Mondays). */
  weeks: string[];
  series: Series[];
  /** How a value is written on the axis. */
  unit?: '%' | '';
  height?: number;
}

const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';

export function WeekChart({ title, weeks, series, unit = '', height = 220 }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current!;
    let plot: uPlot | null = null;
    const xs = weeks.map((w) => Date.parse(`${w}T12:00:00Z`) / 1000);
    const draw = () => {
      plot?.destroy();
      const fg = cssVar('--fg');
      const grid = cssVar('--line');
      const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
      plot = new uPlot({
        width: Math.max(280, el.clientWidth),
        height,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true }, y: { range: unit === '%' ? [0, 100] : (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [axis, { ...axis, values: (_u, ticks) => ticks.map((t) => `${t}${unit}`) }],
        series: [{}, ...series.map((s) => ({
          label: s.label,
          stroke: cssVar(s.color),
          fill: s.bars ? cssVar(s.color) : undefined,
          width: s.bars ? 0 : 2,
          spanGaps: false,
          points: { show: !s.bars, size: 5 },
          paths: s.bars ? uPlot.paths.bars!({ size: [0.7, 40] }) : undefined,
        }))],
      }, [xs, ...series.map((s) => s.values)], el);
    };
    draw();
    const resized = new ResizeObserver(() => { if (plot && Math.abs(plot.width - el.clientWidth) > 8) draw(); });
    resized.observe(el);
    const themed = new MutationObserver(draw);
    themed.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => { resized.disconnect(); themed.disconnect(); plot?.destroy(); };
  }, [JSON.stringify([weeks, series, unit])]);
  return (
    <figure class="chart-figure">
      <div class="chart" ref={box} role="img" aria-label={`Chart: ${title}. The numbers are in the table below it.`} />
      {series.length > 1 && (
        <figcaption class="chart-key">
          {series.map((s) => <span key={s.label}><span class="swatch" style={{ background: `var(${s.color})` }} aria-hidden="true" />{s.label}</span>)}
        </figcaption>
      )}
    </figure>
  );
}
