// The uncertain inputs of the value streams with their low / likely / high estimates, so a
// reader sees how wide each estimate is (the tornado shows which ones matter).
import type { UseCase } from '../api';

export function InputsTable({ streams }: { streams: UseCase['value_streams'] }) {
  const rows = streams.flatMap((v) => Object.entries(v.inputs).map(([name, q]) => ({ key: `${v.id}.${name}`, q })));
  if (rows.length === 0) return null;
  const n = (x: number) => x.toLocaleString('en', { maximumFractionDigits: 3 });
  return (
    <table className="grid compact">
      <caption className="muted small" style={{ textAlign: 'left', captionSide: 'top', paddingBottom: '0.3rem' }}>
        Value inputs: low / likely / high
      </caption>
      <thead>
        <tr>
          <th scope="col">Input</th>
          <th scope="col" className="num">Low</th>
          <th scope="col" className="num">Likely</th>
          <th scope="col" className="num">High</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ key, q }) => (
          <tr key={key}>
            <td>
              <code>{key}</code>
            </td>
            {typeof q === 'number' ? (
              <>
                <td />
                <td className="num strong">{n(q)}</td>
                <td />
              </>
            ) : (
              <>
                <td className="num">{n(q.low)}</td>
                <td className="num strong">{n(q.likely)}</td>
                <td className="num">{n(q.high)}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
