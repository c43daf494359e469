// Tornado: NPV at each uncertain input's low and at its high, the others at likely, widest
// swing on top, around the NPV at likely values (recharts range bars).
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { xTitle } from './chart-axis';
import type { BusinessCase } from '../api-portfolio';
import { compactMoney, money } from '../format';

/**
 * An input as people say it: the API names it `<value stream id>.<input>` (covered-sales.stockout_reduction);
 * shown as "Covered sales: stockout reduction". The value stream's own name is not in the business
 * case, so its id is spelled out in words.
 */
export function inputName(input: string): string {
  const words = (s: string) => s.replace(/[-_]+/g, ' ').trim();
  const dot = input.indexOf('.');
  const stream = dot > 0 ? words(input.slice(0, dot)) : '';
  const name = words(dot > 0 ? input.slice(dot + 1) : input);
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return stream ? `${cap(stream)}: ${name}` : cap(name);
}

export function TornadoChart({ bc, max = 8 }: { bc: BusinessCase; max?: number }) {
  const base = bc.likely.npv;
  const bars = bc.tornado.slice(0, max);
  if (bars.length === 0) return <p className="muted">Every input is a single number: nothing to vary.</p>;
  const span = (x: number): [number, number] => [Math.min(base, x), Math.max(base, x)];
  const data = bars.map((t) => ({ input: inputName(t.input), atLow: span(t.npv_at_low), atHigh: span(t.npv_at_high), t }));
  const m = (n: number) => compactMoney(n, bc.currency);
  return (
    <figure className="chart" aria-label={`Tornado around the NPV at likely values, ${money(base, bc.currency)}: ${bars.map((t) => `${inputName(t.input)} from ${t.low} to ${t.high} moves NPV from ${money(t.npv_at_low, bc.currency)} to ${money(t.npv_at_high, bc.currency)}`).join('; ')}`}>
      <ResponsiveContainer width="100%" height={44 + bars.length * 30}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 16, left: 8 }} barGap={-14} barSize={14}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={['auto', 'auto']} tickFormatter={m} tick={{ fontSize: 11 }} label={xTitle(`NPV (${bc.currency})`)} />
          <YAxis type="category" dataKey="input" width={180} tick={{ fontSize: 11 }} />
          <Tooltip
            content={({ payload }) => {
              const d = payload?.[0]?.payload as (typeof data)[number] | undefined;
              return d ? (
                <div className="tip">
                  <strong>{d.input}</strong> from {d.t.low.toLocaleString('en')} to {d.t.high.toLocaleString('en')} (likely {d.t.likely.toLocaleString('en')})
                  <br />
                  NPV {money(d.t.npv_at_low, bc.currency)} at low, {money(d.t.npv_at_high, bc.currency)} at high
                </div>
              ) : null;
            }}
          />
          <Legend verticalAlign="top" wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="atLow" name="input at low" fill="#e8945a" isAnimationActive={false} />
          <Bar dataKey="atHigh" name="input at high" fill="#3563c9" fillOpacity={0.85} isAnimationActive={false} />
          <ReferenceLine x={base} stroke="#1c2430" label={{ value: 'likely', position: 'top', fontSize: 11 }} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
