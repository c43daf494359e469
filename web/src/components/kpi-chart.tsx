// One KPI over time against its baseline and target (recharts): the measured series, the
// baseline as a grey line, the target as a green one.
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { xTitle, yTitle } from './chart-axis';
import type { KpiStatus } from '../api-impact';
import { axisNumber, day, niceScale } from '../format';

export function KpiChart({ k, height = 170 }: { k: KpiStatus; height?: number }) {
  const data = k.series.map((p) => ({ ...p, label: day(p.at) }));
  const values = [...k.series.map((p) => p.value), k.target, ...(k.baseline ? [k.baseline.value] : [])];
  const { lo, hi, ticks } = niceScale(Math.min(...values), Math.max(...values), 4);
  return (
    <figure
      className="chart"
      aria-label={`${k.name} (${k.unit}): ${k.series.length} measurements${k.latest ? `, latest ${k.latest.value} on ${k.latest.at}` : ''}; baseline ${k.baseline?.value ?? 'none'}, target ${k.target}, ${k.direction === 'down' ? 'lower' : 'higher'} is better`}
    >
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data} margin={{ top: 14, right: 12, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 10 }} minTickGap={18} label={xTitle('measured on')} />
          <YAxis domain={[lo, hi]} ticks={ticks} tickFormatter={axisNumber} tick={{ fontSize: 10 }} width={56} label={yTitle(k.unit)} />
          <Tooltip formatter={(v) => `${Number(v).toLocaleString('en', { maximumFractionDigits: 3 })} ${k.unit}`} />
          {k.baseline && <ReferenceLine y={k.baseline.value} stroke="#8a94a3" strokeDasharray="4 3" label={{ value: 'baseline', position: 'insideTopLeft', fontSize: 10, fill: '#5b6675' }} />}
          <ReferenceLine y={k.target} stroke="#16a34a" strokeDasharray="4 3" label={{ value: 'target', position: 'insideTopRight', fontSize: 10, fill: '#166534' }} />
          <Line dataKey="value" name={k.name} stroke="#3563c9" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
