/**
 * A small hand-written SVG scatter chart: Groth16 prove time against constraint count, log–log,
 * one marker shape per series, a label beside each point.
 */

export type ChartSeries = 'constant' | 'private' | 'browser' | 'identity' | 'circomlib'
export type ChartPoint = { series: ChartSeries; x: number; y: number; label: string }

const SERIES: Record<ChartSeries, { name: string; color: string; shape: 'circle' | 'square' | 'triangle' | 'diamond' | 'star' }> = {
  constant: { name: '@zkml/web, constant weights (Node)', color: '#1f77b4', shape: 'circle' },
  browser: { name: '@zkml/web, constant weights (Chromium, warm)', color: '#2ca02c', shape: 'triangle' },
  private: { name: '@zkml/web, private weights (Node)', color: '#ff7f0e', shape: 'square' },
  identity: { name: '@zkml/web, identity circuit (Node)', color: '#9467bd', shape: 'star' },
  circomlib: { name: 'circomlib-ml, published (their machine)', color: '#7f7f7f', shape: 'diamond' },
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

function marker(shape: (typeof SERIES)[ChartSeries]['shape'], x: number, y: number, color: string): string {
  const r = 5
  switch (shape) {
    case 'circle':
      return `<circle cx="${x}" cy="${y}" r="${r}" fill="${color}"/>`
    case 'square':
      return `<rect x="${x - r}" y="${y - r}" width="${2 * r}" height="${2 * r}" fill="${color}"/>`
    case 'triangle':
      return `<polygon points="${x},${y - r - 1} ${x - r - 1},${y + r} ${x + r + 1},${y + r}" fill="${color}"/>`
    case 'diamond':
      return `<polygon points="${x},${y - r - 1} ${x + r + 1},${y} ${x},${y + r + 1} ${x - r - 1},${y}" fill="none" stroke="${color}" stroke-width="2"/>`
    case 'star': {
      const pts: string[] = []
      for (let i = 0; i < 10; i++) {
        const a = (Math.PI / 5) * i - Math.PI / 2
        const rr = i % 2 ? r * 0.5 : r * 1.3
        pts.push(`${(x + rr * Math.cos(a)).toFixed(1)},${(y + rr * Math.sin(a)).toFixed(1)}`)
      }
      return `<polygon points="${pts.join(' ')}" fill="${color}"/>`
    }
  }
}

/** The SVG text of the chart. */
export function proveChartSvg(points: readonly ChartPoint[]): string {
  const W = 820
  const H = 520
  const m = { l: 70, r: 20, t: 40, b: 150 }
  const lx = (v: number) => Math.log10(v)
  const x0 = Math.floor(lx(Math.min(...points.map((p) => p.x))))
  const x1 = Math.ceil(lx(Math.max(...points.map((p) => p.x))))
  const y0 = Math.floor(lx(Math.min(...points.map((p) => p.y))))
  const y1 = Math.ceil(lx(Math.max(...points.map((p) => p.y))))
  const px = (v: number) => m.l + ((lx(v) - x0) / Math.max(1, x1 - x0)) * (W - m.l - m.r)
  const py = (v: number) => H - m.b - ((lx(v) - y0) / Math.max(1, y1 - y0)) * (H - m.t - m.b)
  const out: string[] = []
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`)
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`)
  out.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">Groth16 prove time vs constraints (log–log)</text>`)
  // Grid and ticks: decades, with 2 and 5 minor lines.
  for (let d = x0; d <= x1; d++) {
    for (const k of [1, 2, 5]) {
      const v = k * 10 ** d
      if (lx(v) > x1) continue
      const x = px(v)
      out.push(`<line x1="${x}" y1="${m.t}" x2="${x}" y2="${H - m.b}" stroke="${k === 1 ? '#ccc' : '#eee'}"/>`)
      if (k === 1 || x1 - x0 <= 2) out.push(`<text x="${x}" y="${H - m.b + 16}" text-anchor="middle">${v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : v}</text>`)
    }
  }
  for (let d = y0; d <= y1; d++) {
    for (const k of [1, 2, 5]) {
      const v = k * 10 ** d
      if (lx(v) > y1) continue
      const y = py(v)
      out.push(`<line x1="${m.l}" y1="${y}" x2="${W - m.r}" y2="${y}" stroke="${k === 1 ? '#ccc' : '#eee'}"/>`)
      out.push(`<text x="${m.l - 6}" y="${y + 4}" text-anchor="end">${Number(v.toPrecision(2))} s</text>`)
    }
  }
  out.push(`<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#333"/>`)
  out.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - m.b + 36}" text-anchor="middle">constraints</text>`)
  out.push(`<text transform="translate(16 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">prove time</text>`)
  // Labels: the first of a few positions around the marker that overlaps no earlier label or marker.
  type Box = [number, number, number, number]
  const taken: Box[] = points.map((p) => [px(p.x) - 6, py(p.y) - 6, px(p.x) + 6, py(p.y) + 6])
  const hits = (b: Box) => taken.some((t) => b[0] < t[2] && b[2] > t[0] && b[1] < t[3] && b[3] > t[1])
  for (const p of points) {
    const s = SERIES[p.series]
    const x = px(p.x)
    const y = py(p.y)
    out.push(marker(s.shape, x, y, s.color))
    const w = p.label.length * 5.6
    const spots: [number, number, 'start' | 'end'][] = [
      [x + 8, y - 6, 'start'], [x + 8, y + 14, 'start'], [x - 8, y - 6, 'end'], [x - 8, y + 14, 'end'],
      [x + 8, y - 18, 'start'], [x + 8, y + 26, 'start'], [x - 8, y - 18, 'end'], [x - 8, y + 26, 'end'],
    ]
    const box = ([tx, ty, a]: (typeof spots)[number]): Box => (a === 'start' ? [tx, ty - 10, tx + w, ty + 2] : [tx - w, ty - 10, tx, ty + 2])
    const fits = (sp: (typeof spots)[number]) => !hits(box(sp)) && box(sp)[2] <= W - m.r && box(sp)[0] >= m.l
    const spot = spots.find(fits) ?? spots.find((sp) => box(sp)[2] <= W - m.r) ?? spots[2]!
    taken.push(box(spot))
    out.push(`<text x="${spot[0]}" y="${spot[1]}" fill="${s.color}" font-size="10" text-anchor="${spot[2]}">${esc(p.label)}</text>`)
  }
  const used = (Object.keys(SERIES) as ChartSeries[]).filter((k) => points.some((p) => p.series === k))
  used.forEach((k, i) => {
    const s = SERIES[k]
    const y = H - m.b + 62 + i * 17
    out.push(marker(s.shape, m.l + 10, y - 4, s.color))
    out.push(`<text x="${m.l + 24}" y="${y}">${esc(s.name)}</text>`)
  })
  out.push('</svg>')
  return out.join('\n') + '\n'
}
