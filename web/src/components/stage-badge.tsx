// A stage name as a coloured badge; the colour follows the lifecycle, the text carries the meaning.
const LABELS: Record<string, string> = { poc: 'PoC', on_hold: 'On hold' };

export function stageLabel(stage: string): string {
  return LABELS[stage] ?? stage.charAt(0).toUpperCase() + stage.slice(1).replace(/_/g, ' ');
}

export function StageBadge({ stage }: { stage: string }) {
  return <span className={`badge stage-${stage}`}>{stageLabel(stage)}</span>;
}
