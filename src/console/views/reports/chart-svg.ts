// Server-rendered charts: Apache ECharts' SSR mode draws SVG without a DOM (the only module that knows
// ECharts). The SVG scales to its container (viewBox, width 100%), carries role="img" with a <title>
// and <desc>, and the page puts the same figures in a table beside it for screen readers and print.
import type * as Echarts from "echarts";

export interface BarChart {
  title: string;
  /** One sentence saying what the bars show (read out instead of the drawing). */
  description: string;
  bars: Array<{ label: string; value: number }>;
  /** Formats a value for the bar's label (e.g. minutes, VND). */
  format: (value: number) => string;
}

const WIDTH = 340;
const ROW = 50;
const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
let counter = 0;

export type DrawChart = (chart: BarChart) => string;

let loading: Promise<DrawChart> | undefined;

/** The chart renderer; ECharts (about half a second to load) is imported on the first report, not at start. */
export function chartRenderer(): Promise<DrawChart> {
  loading ??= import("echarts").then((echarts) => (chart: BarChart) => barChartSvg(echarts, chart));
  return loading;
}

/** A horizontal bar chart (long Vietnamese labels fit at 360 px), as an SVG string safe to inline. */
function barChartSvg(echarts: typeof Echarts, chart: BarChart): string {
  // Each bar's name sits above it, full width (no axis column to squeeze at 360 px); the value follows.
  const height = 8 + Math.max(1, chart.bars.length) * ROW;
  const instance = echarts.init(null, null, { renderer: "svg", ssr: true, width: WIDTH, height });
  try {
    instance.setOption({
      animation: false,
      aria: { enabled: true },
      textStyle: { fontFamily: "system-ui, sans-serif", fontSize: 14, color: "#17231d" },
      // Room on the right for the longest value label (bold 16 px: about 10 px a character).
      grid: { left: 2, right: 12 + 10 * Math.max(...chart.bars.map((b) => chart.format(b.value).length), 1), top: 24, bottom: 4 },
      xAxis: { type: "value", show: false, min: 0 },
      yAxis: { type: "category", inverse: true, show: false, data: chart.bars.map((b) => b.label) },
      series: [
        {
          type: "bar",
          data: chart.bars.map((b) => b.value),
          barWidth: 16,
          itemStyle: { color: "#0b5e44" },
          label: {
            show: true,
            position: "right",
            color: "#17231d",
            fontSize: 16,
            fontWeight: 700,
            formatter: (p: { value: unknown }) => chart.format(Number(p.value)),
          },
        },
        {
          // The names: an invisible twin series whose labels stand above each bar.
          type: "bar",
          data: chart.bars.map(() => 0),
          barWidth: 16,
          barGap: "-100%",
          silent: true,
          itemStyle: { color: "transparent" },
          label: {
            show: true,
            position: [0, -19],
            color: "#17231d",
            fontSize: 15,
            width: WIDTH - 4,
            overflow: "truncate",
            formatter: (p: { name: string }) => p.name,
          },
        },
      ],
    });
    const svg = instance.renderToSVGString({ useViewBox: true });
    const id = `chart-${(counter = (counter + 1) % 1e9)}`;
    const open = svg.indexOf(">") + 1;
    const root = svg
      .slice(0, open)
      .replace(/ width="\d+" height="\d+"/, "")
      .replace("<svg", `<svg width="100%" role="img" aria-labelledby="${id}-t ${id}-d" class="chart"`);
    return `${root}<title id="${id}-t">${escapeXml(chart.title)}</title><desc id="${id}-d">${escapeXml(chart.description)}</desc>${svg.slice(open)}`;
  } finally {
    instance.dispose();
  }
}
