// The NPV-if-it-works distribution of the Monte Carlo draws as a histogram, with P10, P50,
// P90 and zero marked (recharts).
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { xTitle, yTitle } from './chart-axis';
import type { BusinessCase } from '../api-portfolio';
import { compactMoney, percent } from '../format';

export function NpvHistogram({ bc, height = 220 }: { bc: BusinessCase; height?: number }) {
  const { currency, simulation: s } = bc;
  const data = bc.histogram.map((b) => ({ mid: (b.from + b.to) / 2, share: b.count / s.draws, from: b.from, to: b.to }));
  const width = data.length > 1 ? data[1]!.mid - data[0]!.mid : 1;
  const m = (n: number) => compactMoney(n, currency);
  const x0 = (data[0]?.from ?? 0) - width / 2;
  const x1 = (data.at(-1)?.to ?? 0) + width / 2;
  const mark = (x: number, label: string, colour = '#1c2430') => <ReferenceLine x={x} stroke={colour} strokeDasharray="4 3" label={{ value: label, position: 'top', fontSize: 11, fill: colour }} />;
  return (
    <figure className="chart" aria-label={`NPV if it works over ${s.draws} draws: P10 ${m(s.p10)}, P50 ${m(s.p50)}, P90 ${m(s.p90)}; P(NPV > 0) ${percent(s.probability_npv_positive)} including the probability of failure`}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} margin={{ top: 18, right: 12, bottom: 16, left: 8 }} barCategoryGap={1}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="mid" type="number" domain={[x0, x1]} tickFormatter={m} tick={{ fontSize: 11 }} label={xTitle(`NPV if it works (${currency})`)} />
          <YAxis tickFormatter={(n: number) => percent(n)} tick={{ fontSize: 11 }} width={52} label={yTitle('share of draws')} />
          <Tooltip formatter={(v) => percent(Number(v), 1)} labelFormatter={(_l, p) => { const d = p?.[0]?.payload as (typeof data)[number] | undefined; return d ? `${m(d.from)} to ${m(d.to)}` : ''; }} />
          <Bar dataKey="share" name="share of draws" fill="#7fa0e0" isAnimationActive={false} />
          {x0 < 0 && x1 > 0 && mark(0, '0', '#b42318')}
          {mark(s.p10, 'P10')}
          {mark(s.p50, 'P50')}
          {mark(s.p90, 'P90')}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
