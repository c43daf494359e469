// Budget per quarter: what the plan spends (bars) against the budget line, and each team's
// load against its capacity (recharts).
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { xTitle, yTitle } from './chart-axis';
import type { Roadmap } from '../api-portfolio';
import { compactMoney, money } from '../format';
import { teamColour } from './gantt';

export function BudgetChart({ roadmap, height = 200 }: { roadmap: Roadmap; height?: number }) {
  const c = roadmap.currency;
  return (
    <figure className="chart" aria-label={`Planned spend per quarter against the budget: ${roadmap.budget.map((b) => `${b.quarter} ${money(b.used, c)} of ${money(b.limit, c)}`).join('; ')}`}>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={roadmap.budget} margin={{ top: 8, right: 12, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="quarter" tick={{ fontSize: 11 }} label={xTitle('quarter')} />
          <YAxis tickFormatter={(n: number) => compactMoney(n, c)} tick={{ fontSize: 11 }} width={76} label={yTitle(`spend (${c})`)} />
          <Tooltip formatter={(v) => money(Number(v), c)} />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="used" name="planned spend" fill="#7fa0e0" isAnimationActive={false} />
          <Line dataKey="limit" name="budget" type="step" stroke="#b42318" strokeWidth={2} dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function TeamLoadChart({ roadmap, height = 180 }: { roadmap: Roadmap; height?: number }) {
  const data = roadmap.quarters.map((quarter, q) => Object.fromEntries([['quarter', quarter], ...roadmap.teams.map((t) => [t.id, t.capacity > 0 ? Math.round((100 * (t.used[q] ?? 0)) / t.capacity) : 0])]));
  const teams = roadmap.teams.map((t) => t.id);
  return (
    <figure className="chart" aria-label={`Team load in percent of capacity: ${roadmap.teams.map((t) => `${t.id} ${t.used.map((u) => Math.round((100 * u) / (t.capacity || 1))).join(', ')}`).join('; ')}`}>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="quarter" tick={{ fontSize: 11 }} label={xTitle('quarter')} />
          <YAxis domain={[0, 100]} tickFormatter={(n: number) => `${n}%`} tick={{ fontSize: 11 }} width={52} label={yTitle('% of capacity')} />
          <Tooltip formatter={(v) => `${String(v)}% of capacity`} />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12 }} />
          {roadmap.teams.map((t) => (
            <Line key={t.id} dataKey={t.id} stroke={teamColour(teams, t.id)} strokeWidth={2} isAnimationActive={false} />
          ))}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
