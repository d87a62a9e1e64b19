// Server-rendered charts: Apache ECharts' SSR mode draws SVG without a DOM (the only module that knows
// ECharts). The SVG scales to its container (viewBox, width 100%), carries role="img" with a <title>
// and <desc>, and the page puts the same figures in a table beside it for screen readers and print.
import * as echarts from "echarts";

export interface BarChart {
  title: string;
  /** One sentence saying what the bars show (read out instead of the drawing). */
  description: string;
  bars: Array<{ label: string; value: number }>;
  /** Formats a value for the bar's label (e.g. minutes, VND). */
  format: (value: number) => string;
}

const WIDTH = 340;
const escapeXml = (s: string): string => s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
let counter = 0;

/** A horizontal bar chart (long Vietnamese labels fit at 360 px), as an SVG string safe to inline. */
export function barChartSvg(chart: BarChart): string {
  const height = 24 + Math.max(1, chart.bars.length) * 34;
  const instance = echarts.init(null, null, { renderer: "svg", ssr: true, width: WIDTH, height });
  try {
    instance.setOption({
      animation: false,
      aria: { enabled: true },
      textStyle: { fontFamily: "system-ui, sans-serif", fontSize: 13, color: "#17231d" },
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", show: false },
      yAxis: {
        type: "category",
        inverse: true,
        data: chart.bars.map((b) => b.label),
        axisTick: { show: false },
        axisLabel: { width: 130, overflow: "truncate", color: "#17231d" },
      },
      series: [
        {
          type: "bar",
          data: chart.bars.map((b) => b.value),
          barMaxWidth: 22,
          itemStyle: { color: "#0b5e44" },
          label: { show: true, position: "right", color: "#17231d", formatter: (p: { value: unknown }) => chart.format(Number(p.value)) },
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
