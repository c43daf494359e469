// How many use cases sit in each stage: the funnel at a glance (recharts).
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { xTitle, yTitle } from './chart-axis';
import type { UseCaseSummary } from '../api';
import { stageLabel } from './stage-badge';

export function StageChart({ items, stages, height = 180 }: { items: UseCaseSummary[]; stages: string[]; height?: number }) {
  const data = stages.map((s) => ({ stage: stageLabel(s), count: items.filter((u) => u.stage === s).length }));
  return (
    <figure className="chart" aria-label={`Use cases per stage: ${data.map((d) => `${d.stage} ${d.count}`).join(', ')}`}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="stage" tick={{ fontSize: 12 }} label={xTitle('stage')} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} width={44} label={yTitle('use cases')} />
          <Tooltip />
          <Bar dataKey="count" name="use cases" fill="#3563c9" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
