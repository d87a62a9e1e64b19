// Server-drawn charts: scalable SVG (viewBox, width 100%) announced as one image with a title and a
// description, text escaped, no script.
import { describe, expect, it } from "vitest";
import { chartRenderer } from "../../../src/console/views/reports/chart-svg.ts";

describe("bar chart SVG", () => {
  it("is a scalable, labelled image with every bar's name and value", async () => {
    const draw = await chartRenderer();
    const svg = draw({
      title: "Ca theo vấn đề <b>",
      description: "Sử dụng ma túy: 3; Tái nghiện sau cai: 12",
      bars: [
        { label: "Sử dụng ma túy", value: 3 },
        { label: "Tái nghiện sau cai", value: 12 },
      ],
      format: (n) => `${n} ca`,
    });
    const root = /^<svg[^>]*>/.exec(svg)![0];
    expect(root).toMatch(/ width="100%"/);
    expect(root).toMatch(/ role="img"/);
    expect(root).toMatch(/ viewBox="0 0 340 \d+"/);
    expect(root).not.toMatch(/ height=/);
    const [titleId, descId] = /aria-labelledby="([^" ]+) ([^"]+)"/.exec(root)!.slice(1);
    expect(svg).toContain(`<title id="${titleId}">Ca theo vấn đề &#60;b&#62;</title>`);
    expect(svg).toContain(`<desc id="${descId}">Sử dụng ma túy: 3; Tái nghiện sau cai: 12</desc>`);
    for (const text of ["Sử dụng ma túy", "Tái nghiện sau cai", "3 ca", "12 ca"]) expect(svg).toContain(`>${text}</text>`);
    expect(svg).not.toMatch(/<script/i);
  });
});
