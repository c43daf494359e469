// The usage charts (recharts): active people per week against the audience, cost per month
// against the business case's run cost, production response time per day against the limit
// the benchmark was held to, and value realised from usage per month. Every axis says what
// it counts and in which unit.
import { Bar, CartesianGrid, Cell, ComposedChart, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { xTitle, yTitle } from './chart-axis';
import type { UseCaseUsage } from '../api-usage';
import { axisNumber, compactMoney, monthName, money, tickDay } from '../format';

const tick = { fontSize: 10 };

export function AdoptionChart({ u, height = 200 }: { u: UseCaseUsage; height?: number }) {
  const data = u.weekly.map((w) => ({ ...w, label: tickDay(w.week) }));
  const top = Math.max(u.audience ?? 0, ...u.weekly.map((w) => w.active_users), 1);
  return (
    <figure className="chart" aria-label={`People using it per week: ${u.weekly.map((w) => `week of ${w.week} ${w.active_users}`).join(', ')}${u.audience ? `; meant for ${u.audience} people` : ''}`}>
      <figcaption>People using it each week{u.audience ? `, of ${u.audience} it is meant for` : ''}</figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data} margin={{ top: 14, right: 12, bottom: 14, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={tick} minTickGap={16} label={xTitle('week starting')} />
          <YAxis domain={[0, Math.ceil(top * 1.1)]} allowDecimals={false} tick={tick} width={42} label={yTitle('people')} />
          <Tooltip formatter={(v) => `${String(v)} people`} />
          {u.audience && <ReferenceLine y={u.audience} stroke="#16a34a" strokeDasharray="4 3" label={{ value: 'meant for', position: 'insideTopRight', fontSize: 10, fill: '#166534' }} />}
          <Line dataKey="active_users" name="people using it" stroke="#3563c9" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function CostChart({ u, height = 200 }: { u: UseCaseUsage; height?: number }) {
  const c = u.currency;
  const data = u.monthly.map((m) => ({ ...m, label: monthName(m.month) }));
  return (
    <figure className="chart" aria-label={`Model cost per month against the budget of ${money(u.budget_per_month, c)}: ${u.monthly.map((m) => `${m.month} ${money(m.cost, c)}${m.over_budget ? ' (over budget)' : ''}`).join(', ')}`}>
      <figcaption>Model cost per month against the monthly running budget</figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={data} margin={{ top: 14, right: 12, bottom: 14, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={tick} label={xTitle('month')} />
          <YAxis tickFormatter={(n: number) => compactMoney(n, c)} tick={tick} width={56} label={yTitle(c)} />
          <Tooltip formatter={(v) => money(Number(v), c)} />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 11 }} />
          <Bar dataKey="cost" name="model cost" fill="#7fa0e0" isAnimationActive={false}>
            {data.map((m) => (
              <Cell key={m.month} fill={m.over_budget ? '#d9534f' : '#7fa0e0'} />
            ))}
          </Bar>
          <Line dataKey="budget" name="budget" type="step" stroke="#b42318" strokeWidth={2} dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function LatencyChart({ u, height = 200 }: { u: UseCaseUsage; height?: number }) {
  const l = u.latency;
  const data = l.daily.map((d) => ({ ...d, label: tickDay(d.day) }));
  const limits = l.slo.filter((s) => s.metric === 'latency');
  return (
    <figure className="chart" aria-label={`Response time per day in milliseconds (median, 90th and 99th percentile)${limits.map((s) => `; benchmark limit ${s.threshold} ms`).join('')}`}>
      <figcaption>Response time in production per day{limits.length > 0 ? ', against the limit set when it was benchmarked' : ''}</figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data} margin={{ top: 14, right: 12, bottom: 14, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={tick} minTickGap={16} label={xTitle('day')} />
          <YAxis tickFormatter={axisNumber} tick={tick} width={52} label={yTitle('milliseconds')} />
          <Tooltip formatter={(v) => `${Math.round(Number(v)).toLocaleString('en')} ms`} />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 11 }} />
          {limits.map((s) => (
            <ReferenceLine key={s.key} y={s.threshold} stroke="#b42318" strokeDasharray="4 3" label={{ value: `limit ${s.threshold.toLocaleString('en')} ms`, position: 'insideTopRight', fontSize: 10, fill: '#991b1b' }} />
          ))}
          <Line dataKey="p50" name="typical" stroke="#3563c9" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line dataKey="p90" name="9 in 10 within" stroke="#d97706" strokeWidth={1.5} dot={false} isAnimationActive={false} />
          <Line dataKey="p99" name="99 in 100 within" stroke="#7c3aed" strokeWidth={1.5} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function ValueChart({ u, height = 180 }: { u: UseCaseUsage; height?: number }) {
  const c = u.currency;
  const months = (u.value?.months ?? []).map((m) => ({ ...m, label: monthName(m.month) }));
  return (
    <figure className="chart" aria-label={`Value realised from use per month: ${months.map((m) => `${m.month} ${money(m.value, c)}`).join(', ')}`}>
      <figcaption>Value realised from use, per month</figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={months} margin={{ top: 14, right: 12, bottom: 14, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={tick} label={xTitle('month')} />
          <YAxis tickFormatter={(n: number) => compactMoney(n, c)} tick={tick} width={56} label={yTitle(c)} />
          <Tooltip formatter={(v) => money(Number(v), c)} />
          <Bar dataKey="value" name="value realised" fill="#16a34a" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
