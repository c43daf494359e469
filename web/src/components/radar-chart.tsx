// A radar (spider) chart in plain SVG: one axis per pillar from the centre (level 1) to the rim
// (level 5), rings at each level, and one closed shape per series. It scales with its box
// (viewBox), so it fits a phone. The chart is an image with a short label; the same numbers
// are always in a table beside it (the caller's), which is what a screen reader reads.
export interface RadarSeries {
  name: string;
  colour: string;
  /** One value per axis, on the 1..5 scale; null where there is no answer. */
  values: (number | null)[];
  dashed?: boolean;
}

const SIZE = 420;
const C = SIZE / 2;
const R = 130;
const MIN = 1;
const MAX = 5;
/** Room either side for the labels of the left and right axes. */
const PAD = 50;

function point(i: number, n: number, value: number): [number, number] {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
  const r = (R * (Math.min(MAX, Math.max(MIN, value)) - MIN)) / (MAX - MIN);
  return [C + r * Math.cos(angle), C + r * Math.sin(angle)];
}

/** Splits a label into lines of about `width` characters. */
function lines(label: string, width = 14): string[] {
  const out: string[] = [];
  for (const word of label.split(' ')) {
    const last = out.at(-1);
    if (last !== undefined && (last + ' ' + word).length <= width) out[out.length - 1] = `${last} ${word}`;
    else out.push(word);
  }
  return out;
}

export function RadarChart({ axes, series, label }: { axes: string[]; series: RadarSeries[]; label: string }) {
  const n = axes.length;
  const ring = (level: number) => axes.map((_, i) => point(i, n, level).join(',')).join(' ');
  return (
    <figure className="radar">
      <svg viewBox={`${-PAD} 0 ${SIZE + 2 * PAD} ${SIZE}`} role="img" aria-label={label} width="100%" preserveAspectRatio="xMidYMid meet">
        {[1, 2, 3, 4, 5].map((lv) => (
          <polygon key={lv} points={ring(lv)} fill="none" stroke="#dfe4ea" strokeWidth={lv === 5 ? 1.5 : 1} />
        ))}
        {[2, 3, 4, 5].map((lv) => (
          <text key={lv} x={C + 3} y={point(0, n, lv)[1] + 11} fontSize="10" fill="#5b6675">
            {lv}
          </text>
        ))}
        {axes.map((a, i) => {
          const [x, y] = point(i, n, MAX);
          const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
          const lx = C + (R + 18) * Math.cos(angle);
          const ly = C + (R + 18) * Math.sin(angle);
          const cos = Math.cos(angle);
          const anchor = Math.abs(cos) < 0.3 ? 'middle' : cos > 0 ? 'start' : 'end';
          const ls = lines(a);
          const top = ly + (Math.sin(angle) < -0.3 ? -(ls.length - 1) * 15 : Math.sin(angle) > 0.3 ? 8 : -((ls.length - 1) * 15) / 2 + 4);
          return (
            <g key={a}>
              <line x1={C} y1={C} x2={x} y2={y} stroke="#dfe4ea" />
              <text x={lx} y={top} textAnchor={anchor} fontSize="15" fill="#1c2430">
                {ls.map((l, k) => (
                  <tspan key={k} x={lx} dy={k === 0 ? 0 : 15}>
                    {l}
                  </tspan>
                ))}
              </text>
            </g>
          );
        })}
        {series.map((s) => {
          const pts = s.values.map((v, i) => point(i, n, v ?? MIN));
          return (
            <g key={s.name}>
              <polygon points={pts.map((p) => p.join(',')).join(' ')} fill={s.dashed ? 'none' : s.colour} fillOpacity={0.18} stroke={s.colour} strokeWidth={2} strokeDasharray={s.dashed ? '5 4' : undefined} />
              {pts.map(([x, y], i) => (s.values[i] === null ? null : <circle key={i} cx={x} cy={y} r={3} fill={s.colour} />))}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {series.map((s) => (
          <span key={s.name}>
            <span className="swatch" style={{ background: s.colour }} />
            {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
