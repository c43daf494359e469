// A stage name as a coloured badge; the colour follows the lifecycle, the text carries the meaning.
export function StageBadge({ stage }: { stage: string }) {
  return <span className={`badge stage-${stage}`}>{stage.replace('_', ' ')}</span>;
}
