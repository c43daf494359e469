// Value vs feasibility: each use case at (feasibility score, risk-adjusted NPV), coloured by
// quadrant, with the thresholds that split the quadrants (recharts). The dot carries the
// rank, the tooltip the title; the figure's label lists every point for screen readers.
import { CartesianGrid, LabelList, ReferenceArea, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { yTitle } from './chart-axis';
import { QUADRANT_COLOURS, QUADRANT_LABELS, type Portfolio, type Quadrant, type RankedUseCase } from '../api-portfolio';
import { compactMoney, money, niceScale } from '../format';
import { navigate } from '../router';

interface Point {
  x: number;
  y: number;
  u: RankedUseCase;
}

const LABELLED_POINTS = 40;

export function ValueMatrix({ portfolio, height = 300 }: { portfolio: Portfolio; height?: number }) {
  const { currency, thresholds } = portfolio;
  const points: Point[] = portfolio.use_cases.map((u) => ({ x: u.scores.feasibility, y: u.npv.expected, u }));
  const ys = [...points.map((p) => p.y), thresholds.expected_npv, 0];
  const { lo: y0, hi: y1, ticks } = niceScale(Math.min(...ys), Math.max(...ys), 5);
  const byQuadrant = (q: Quadrant) => points.filter((p) => p.u.quadrant === q);
  const area = (q: Quadrant, x1: number, x2: number, ya: number, yb: number, position: 'insideTopLeft' | 'insideTopRight' | 'insideBottomLeft' | 'insideBottomRight') => (
    <ReferenceArea x1={x1} x2={x2} y1={ya} y2={yb} fill={QUADRANT_COLOURS[q]} fillOpacity={0.05} stroke="none" label={{ value: QUADRANT_LABELS[q], position, fontSize: 12, fill: QUADRANT_COLOURS[q] }} />
  );
  const f = thresholds.feasibility;
  const v = thresholds.expected_npv;
  return (
    <figure className="chart" aria-label={`Value against feasibility: ${points.map((p) => `${p.u.title}: feasibility ${p.x.toFixed(0)}, risk-adjusted NPV ${money(p.y, currency)}, ${QUADRANT_LABELS[p.u.quadrant]}`).join('; ')}`}>
      <ResponsiveContainer width="100%" height={height}>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 18, left: 8 }}>
          {area('strategic_bet', 0, f, v, y1, 'insideTopLeft')}
          {area('quick_win', f, 100, v, y1, 'insideTopRight')}
          {area('money_pit', 0, f, y0, v, 'insideBottomLeft')}
          {area('fill_in', f, 100, y0, v, 'insideBottomRight')}
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="x" domain={[0, 100]} tick={{ fontSize: 12 }} label={{ value: 'Feasibility score', position: 'bottom', offset: 2, fontSize: 12 }} />
          <YAxis type="number" dataKey="y" domain={[y0, y1]} ticks={ticks} tickFormatter={(n: number) => compactMoney(n, currency)} tick={{ fontSize: 12 }} width={90} label={yTitle(`risk-adjusted NPV (${currency})`)} />
          <ReferenceLine x={f} stroke="#8a94a3" strokeDasharray="4 3" />
          <ReferenceLine y={v} stroke="#8a94a3" strokeDasharray="4 3" />
          <ReferenceLine y={0} stroke="#5b6675" />
          <Tooltip
            cursor={{ strokeDasharray: '3 3' }}
            content={({ payload }) => {
              const p = payload?.[0]?.payload as Point | undefined;
              return p ? (
                <div className="tip">
                  <strong>
                    #{p.u.rank} {p.u.title}
                  </strong>
                  <br />
                  Risk-adjusted NPV {money(p.y, currency)} · feasibility {p.x.toFixed(0)}
                  <br />
                  {QUADRANT_LABELS[p.u.quadrant]}
                </div>
              ) : null;
            }}
          />
          {(Object.keys(QUADRANT_LABELS) as Quadrant[]).map((q) => (
            <Scatter key={q} name={QUADRANT_LABELS[q]} data={byQuadrant(q)} fill={QUADRANT_COLOURS[q]} isAnimationActive={false} onClick={(p) => navigate(`/use-cases/${(p as unknown as Point).u.id}`)} cursor="pointer">
              {/* Rank labels help up to a few dozen dots; beyond, they only cover each other (and cost a measurement each). */}
              {points.length <= LABELLED_POINTS && <LabelList dataKey={(p: unknown) => (p as Point).u.rank} position="right" fontSize={11} fill="#1c2430" />}
            </Scatter>
          ))}
        </ScatterChart>
      </ResponsiveContainer>
      <figcaption className="muted small">
        Dots are numbered by rank. Dashed lines: the value bar ({compactMoney(v, currency)} risk-adjusted NPV) and the feasibility bar ({f}).
      </figcaption>
    </figure>
  );
}
