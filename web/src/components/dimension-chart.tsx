// Readiness by dimension (completeness, validity, uniqueness, ...) as 0-100 bars, coloured by
// how ready each is (recharts).
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { xTitle } from './chart-axis';

export const scoreClass = (s: number | null | undefined) => (s === null || s === undefined ? '' : s >= 90 ? 'good' : s >= 70 ? 'fair' : 'poor');
const COLOURS = { good: '#16a34a', fair: '#d69e2e', poor: '#c53030', '': '#9ca3af' };

export function DimensionChart({ dimensions, height }: { dimensions: Record<string, number>; height?: number }) {
  const data = Object.entries(dimensions)
    .map(([dimension, score]) => ({ dimension, score }))
    .sort((a, b) => a.score - b.score);
  if (data.length === 0) return <p className="muted">No dimension scored.</p>;
  return (
    <figure className="chart" aria-label={`Readiness by dimension: ${data.map((d) => `${d.dimension} ${d.score.toFixed(0)}`).join(', ')}`}>
      <ResponsiveContainer width="100%" height={height ?? 24 + data.length * 26}>
        <BarChart data={data} layout="vertical" margin={{ top: 0, right: 36, bottom: 16, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[0, 100]} tick={{ fontSize: 11 }} label={xTitle('readiness score, 0-100')} />
          <YAxis type="category" dataKey="dimension" width={96} tick={{ fontSize: 12 }} />
          <Bar dataKey="score" barSize={14} minPointSize={2} isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.dimension} fill={COLOURS[scoreClass(d.score)]} />
            ))}
            <LabelList dataKey="score" position="right" fontSize={11} formatter={(v: unknown) => Number(v).toFixed(0)} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
