// How many use cases sit in each stage: the funnel at a glance (recharts).
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { UseCaseSummary } from '../api';
import { stageLabel } from './stage-badge';

export function StageChart({ items, stages }: { items: UseCaseSummary[]; stages: string[] }) {
  const data = stages.map((s) => ({ stage: stageLabel(s), count: items.filter((u) => u.stage === s).length }));
  return (
    <figure className="chart" aria-label={`Use cases per stage: ${data.map((d) => `${d.stage} ${d.count}`).join(', ')}`}>
      <ResponsiveContainer width="100%" height={180}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="stage" tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Bar dataKey="count" name="use cases" fill="#3563c9" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
