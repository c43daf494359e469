// The uncertain inputs of the value streams as low / likely / high bars (recharts), so a
// reader sees how wide each estimate is before any simulation runs.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { UseCase } from '../api';

export function RangeChart({ streams, currency }: { streams: UseCase['value_streams']; currency: string }) {
  const data = streams.flatMap((v) =>
    Object.entries(v.inputs).map(([name, q]) => (typeof q === 'number' ? { name, low: q, likely: q, high: q } : { name, low: q.low, likely: q.likely, high: q.high })),
  );
  if (data.length === 0) return null;
  const fmt = (n: number) => n.toLocaleString('en', { notation: 'compact', maximumFractionDigits: 1 });
  return (
    <figure className="chart" aria-label={`Estimates: ${data.map((d) => `${d.name} from ${d.low} to ${d.high}, likely ${d.likely}`).join('; ')}`}>
      <figcaption className="muted small">Value inputs, low / likely / high ({currency} where money)</figcaption>
      <ResponsiveContainer width="100%" height={160}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tickFormatter={fmt} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="name" width={110} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(v) => Number(v).toLocaleString('en')} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="low" fill="#c9d6f2" isAnimationActive={false} />
          <Bar dataKey="likely" fill="#3563c9" isAnimationActive={false} />
          <Bar dataKey="high" fill="#16a34a" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
