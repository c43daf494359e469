// Where a definition is kept, as a badge: in the workspace files, or made or changed here and
// not yet in the files (a person with the workspace writes it there). Takes an API answer
// (use case or dataset) and shows nothing if it does not say.
import type { DefinitionOwnership } from '../api-definitions';

const TEXT = {
  files: { label: 'In the workspace files', hint: 'Defined in the workspace files; changes made here are kept until they are written there.' },
  changed: { label: 'Changed here, not yet in the files', hint: 'Changed in the browser. The workspace files still hold the earlier version until the change is written into them.' },
  store: { label: 'Made here, not yet in the files', hint: 'Made in the browser. It gets its own file when the changes are written into the workspace.' },
} as const;

export function OwnerBadge({ of }: { of: object }) {
  const o = of as Partial<DefinitionOwnership>;
  if (o.owner === undefined) return null;
  const t = o.owner === 'store' ? TEXT.store : o.pending_change ? TEXT.changed : TEXT.files;
  return (
    <span className={`badge owner-${o.owner === 'store' ? 'store' : o.pending_change ? 'changed' : 'files'}`} title={t.hint}>
      {t.label}
    </span>
  );
}
