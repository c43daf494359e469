// A dataset metric over past runs (row count, or a check's observed value), with the
// expected value from its trailing history and anomalies marked in red (recharts).
import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricHistory } from '../api-readiness';
import { axisNumber } from '../format';


type Point = MetricHistory['points'][number] & { label: string };

export function MetricHistoryChart({ history, height = 200 }: { history: MetricHistory; height?: number }) {
  const data: Point[] = history.points.map((p) => ({ ...p, label: new Date(p.at).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' }) }));
  const anomalies = data.filter((p) => p.anomaly);
  const dot = (props: { cx?: number; cy?: number; payload?: Point; index?: number }) => {
    const { cx = 0, cy = 0, payload, index } = props;
    return payload?.anomaly ? <circle key={index} cx={cx} cy={cy} r={5} fill="#c53030" stroke="#fff" /> : <circle key={index} cx={cx} cy={cy} r={2.5} fill="#3563c9" />;
  };
  return (
    <figure
      className="chart"
      aria-label={`${history.metric} of ${history.dataset} over ${data.length} runs${anomalies.length ? `; anomalies: ${anomalies.map((a) => `${a.label} ${a.value} (${a.reason})`).join('; ')}` : '; no anomaly'}`}
    >
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={16} />
          <YAxis tickFormatter={axisNumber} tick={{ fontSize: 11 }} width={52} domain={['auto', 'auto']} />
          <Tooltip
            content={({ payload }) => {
              const p = payload?.[0]?.payload as Point | undefined;
              return p ? (
                <div className="tip">
                  {new Date(p.at).toLocaleString('en-GB')}: <strong>{p.value.toLocaleString('en')}</strong>
                  {p.expected !== null && <> (expected {p.expected.toLocaleString('en', { maximumFractionDigits: 1 })})</>}
                  {p.reason && (
                    <>
                      <br />
                      <span className="status-fail">{p.reason}</span>
                    </>
                  )}
                </div>
              ) : null;
            }}
          />
          <Line dataKey="expected" name="expected" stroke="#9ca3af" strokeDasharray="4 3" dot={false} isAnimationActive={false} connectNulls />
          <Line dataKey="value" name={history.metric} stroke="#3563c9" strokeWidth={2} dot={dot} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
      {data.length < 3 && <figcaption className="muted small">{data.length} run{data.length === 1 ? '' : 's'} so far: every run of the checks adds a point, and unusual values are marked once there is history to compare with.</figcaption>}
    </figure>
  );
}
