// Monthly net cash flow at likely values (bars) and its running total (line): where the
// build ends and when the use case pays back (recharts).
import { Bar, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { xTitle, yTitle } from './chart-axis';
import type { BusinessCase } from '../api-portfolio';
import { compactMoney, money } from '../format';

export function CashFlowChart({ bc, height = 200 }: { bc: BusinessCase; height?: number }) {
  const m = (n: number) => compactMoney(n, bc.currency);
  const payback = bc.likely.payback_month;
  return (
    <figure className="chart" aria-label={`Cash flows at likely values over ${bc.cash_flows.length} months: build for ${bc.build_months} months, ${payback === null ? 'no payback within the horizon' : `payback in month ${payback}`}`}>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={bc.cash_flows} margin={{ top: 8, right: 12, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" tick={{ fontSize: 11 }} label={xTitle('month')} />
          <YAxis tickFormatter={m} tick={{ fontSize: 11 }} width={76} label={yTitle(`cash flow (${bc.currency})`)} />
          <Tooltip formatter={(v) => money(Number(v), bc.currency)} labelFormatter={(l) => `month ${l}`} />
          <ReferenceLine y={0} stroke="#5b6675" />
          <ReferenceLine x={bc.build_months} stroke="#8a94a3" strokeDasharray="4 3" label={{ value: 'live', position: 'insideTopRight', fontSize: 11 }} />
          <Bar dataKey="net" name="net per month" fill="#9db4e6" isAnimationActive={false} />
          <Line dataKey="cumulative" name="cumulative" stroke="#1c2430" dot={false} strokeWidth={2} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
