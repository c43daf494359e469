// The lifecycle as a path with the current stage marked (an ordered list, read out in order).
import { stageLabel } from './stage-badge';

export function StagePath({ stages, current }: { stages: string[]; current: string }) {
  const at = stages.indexOf(current);
  return (
    <ol className="stage-path" aria-label="Lifecycle">
      {stages.map((s, i) => (
        <li key={s} className={i < at ? 'done' : i === at ? 'current' : undefined} aria-current={i === at ? 'step' : undefined}>
          {stageLabel(s)}
        </li>
      ))}
    </ol>
  );
}
