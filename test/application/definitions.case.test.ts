// One owner per definition, on SQLite and PostgreSQL: every way a change can come in (files,
// browser, both) through apply and pull, and that no change is lost without a word. "The
// browser" here is what the API's actions call: definition-edits.ts inside a transaction.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { definitionOwnership } from '../../src/application/definition-ownership.js';
import { applyWorkspace, pullDefinitions, type DefinitionsDeps } from '../../src/application/definitions.js';
import { ActionError } from '../../src/application/errors.js';
import type { UseCase } from '../../src/domain/use-case.js';
import { archiveDefinition, createDefinition, updateDefinition } from '../../src/store/definition-edits.js';
import { definitionHistory, getDefinition, listDefinitions } from '../../src/store/definition-repository.js';
import type { Store } from '../../src/store/store.js';
import { workspaceDefinitions } from '../../src/workspace/definitions.js';
import { loadWorkspace } from '../../src/workspace/load-workspace.js';
import { STARTER_FILES } from '../../src/workspace/starter-workspace.js';
import { describeEachStore } from '../support/store-suite.js';

const T0 = new Date('2026-03-01T09:00:00Z');
const UC = 'usecases/invoice-automation.yaml';

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'traction-owners-'));
  for (const [rel, text] of Object.entries(STARTER_FILES)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

async function applyFiles(deps: DefinitionsDeps, dir: string, preferFiles = false) {
  const { workspace: ws, problems } = await loadWorkspace(dir);
  expect(problems).toEqual([]);
  return applyWorkspace(deps, ws!, { preferFiles });
}

async function browserEdit(store: Store, id: string, patch: Partial<UseCase>) {
  await store.transaction(async (tx) => {
    const d = (await getDefinition(tx, 'use_case', id))!;
    await updateDefinition(tx, d, { ...(d.body as object), ...patch }, 'carol@example.com', T0);
  });
}

async function browserPropose(store: Store, id: string, title: string) {
  const base = (await getDefinition(store.db, 'use_case', 'invoice-automation'))!.body as UseCase;
  await store.transaction((tx) => createDefinition(tx, { kind: 'use_case', id, body: { ...base, id, title } }, 'carol@example.com', T0));
}

const title = async (store: Store, id: string) => ((await getDefinition(store.db, 'use_case', id))!.body as UseCase).title;

/** The files and the store hold the same live definitions. */
async function expectAgreement(store: Store, dir: string) {
  const { workspace: ws } = await loadWorkspace(dir);
  const files = workspaceDefinitions(ws!).map((d) => `${d.kind}:${d.id}:${d.hash}`).sort();
  const stored = (await listDefinitions(store.db)).map((d) => `${d.kind}:${d.id}:${d.hash}`).sort();
  expect(stored).toEqual(files);
}

describeEachStore('definition owners', (open) => {
  async function setUp(skip: (r: string) => void) {
    const store = await open(skip);
    const dir = workspace();
    const deps = { store, actor: 'dev', now: T0 };
    await applyFiles(deps, dir);
    return { store, dir, deps };
  }

  it('a title edited in the browser survives apply, and pull writes it into the file, comments kept', async ({ skip }) => {
    const { store, dir, deps } = await setUp(skip);
    await browserEdit(store, 'invoice-automation', { title: 'Invoice matching' });
    expect(await definitionOwnership(deps)).toContainEqual({ kind: 'use_case', id: 'invoice-automation', owner: 'files', pendingChange: true });

    const applied = await applyFiles(deps, dir);
    expect(applied.changes).toContainEqual({ kind: 'use_case', id: 'invoice-automation', change: 'kept', version: 2, reason: 'pending_change' });
    expect(applied.summary).toMatchObject({ updated: 0, kept: 1 });
    expect(await title(store, 'invoice-automation')).toBe('Invoice matching');

    const before = readFileSync(path.join(dir, UC), 'utf8');
    const pulled = await pullDefinitions(deps, dir);
    expect(pulled).toEqual([{ kind: 'use_case', id: 'invoice-automation', file: UC, change: 'written' }]);
    const after = readFileSync(path.join(dir, UC), 'utf8');
    expect(after).toContain('title: Invoice matching');
    expect(after).toContain('# monthly value; names refer to the inputs below'); // a comment the edit did not touch
    // Only the title line changed.
    const changed = after.split('\n').filter((l, i) => l !== before.split('\n')[i]);
    expect(changed).toEqual(['title: Invoice matching']);

    expect(await definitionOwnership(deps)).toContainEqual({ kind: 'use_case', id: 'invoice-automation', owner: 'files', pendingChange: false });
    const again = await applyFiles(deps, dir);
    expect(again.changes.every((c) => c.change === 'unchanged')).toBe(true);
    await expectAgreement(store, dir);
  });

  it('a use case proposed in the browser is not archived by apply; pull gives it a file, which owns it', async ({ skip }) => {
    const { store, dir, deps } = await setUp(skip);
    await browserPropose(store, 'supplier-chatbot', 'Supplier questions chatbot');
    const applied = await applyFiles(deps, dir);
    expect(applied.changes).toContainEqual({ kind: 'use_case', id: 'supplier-chatbot', change: 'kept', version: 1, reason: 'store_owned' });
    expect((await getDefinition(store.db, 'use_case', 'supplier-chatbot'))!.archivedAt).toBeNull();

    expect(await pullDefinitions(deps, dir)).toEqual([{ kind: 'use_case', id: 'supplier-chatbot', file: 'usecases/supplier-chatbot.yaml', change: 'added' }]);
    expect(readFileSync(path.join(dir, 'usecases/supplier-chatbot.yaml'), 'utf8')).toContain('title: Supplier questions chatbot');
    expect((await getDefinition(store.db, 'use_case', 'supplier-chatbot'))!.owner).toBe('files');
    expect((await applyFiles(deps, dir)).changes.every((c) => c.change === 'unchanged')).toBe(true);
    await expectAgreement(store, dir);

    // Owned by the files now: removing its file archives it, as for any file-owned definition.
    rmSync(path.join(dir, 'usecases/supplier-chatbot.yaml'));
    expect((await applyFiles(deps, dir)).changes).toContainEqual({ kind: 'use_case', id: 'supplier-chatbot', change: 'archived', version: 2 });
  });

  it('edited on both sides: apply and pull refuse, name the definition, and write nothing', async ({ skip }) => {
    const { store, dir, deps } = await setUp(skip);
    await browserEdit(store, 'invoice-automation', { title: 'From the browser' });
    const text = readFileSync(path.join(dir, UC), 'utf8').replace('title: Invoice processing automation', 'title: From the file');
    writeFileSync(path.join(dir, UC), text);
    const versions = (await definitionHistory(store.db, 'use_case', 'invoice-automation')).length;

    const refused = await applyFiles(deps, dir).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ActionError);
    expect((refused as ActionError).kind).toBe('conflict');
    expect((refused as ActionError).message).toContain('nothing was written');
    expect((refused as ActionError).problems).toEqual([{ field: 'use_case:invoice-automation', message: 'use case "invoice-automation": edited in the browser, and its file changed too' }]);
    expect(await title(store, 'invoice-automation')).toBe('From the browser');
    expect((await definitionHistory(store.db, 'use_case', 'invoice-automation')).length).toBe(versions);

    await expect(pullDefinitions(deps, dir)).rejects.toMatchObject({ kind: 'conflict', code: 'changed_on_both_sides' });
    expect(readFileSync(path.join(dir, UC), 'utf8')).toBe(text);

    // The person decides: the files win, and the browser's version stays in the history.
    const forced = await applyFiles(deps, dir, true);
    expect(forced.changes).toContainEqual({ kind: 'use_case', id: 'invoice-automation', change: 'updated', version: 3 });
    const history = await definitionHistory(store.db, 'use_case', 'invoice-automation');
    expect(history.map((h) => (JSON.parse(h.body) as UseCase).title)).toEqual(['Invoice processing automation', 'From the browser', 'From the file']);
    await expectAgreement(store, dir);
  });

  it('pull --prefer-store overwrites the file on a conflict; the same change on both sides is no conflict', async ({ skip }) => {
    const { store, dir, deps } = await setUp(skip);
    await browserEdit(store, 'invoice-automation', { title: 'Same words' });
    writeFileSync(path.join(dir, UC), readFileSync(path.join(dir, UC), 'utf8').replace('title: Invoice processing automation', 'title: Same words'));
    const agreed = await applyFiles(deps, dir);
    expect(agreed.changes.every((c) => c.change === 'unchanged')).toBe(true);
    expect((await getDefinition(store.db, 'use_case', 'invoice-automation'))!.pending).toBeNull();

    await browserEdit(store, 'invoice-automation', { title: 'Browser wins' });
    writeFileSync(path.join(dir, UC), readFileSync(path.join(dir, UC), 'utf8').replace('title: Same words', 'title: File loses'));
    await expect(pullDefinitions(deps, dir)).rejects.toMatchObject({ kind: 'conflict' });
    await pullDefinitions(deps, dir, { preferStore: true });
    expect(readFileSync(path.join(dir, UC), 'utf8')).toContain('title: Browser wins');
    await expectAgreement(store, dir);
  });

  it('an edit undone in the browser leaves nothing pending; archived in the browser, pull removes the file', async ({ skip }) => {
    const { store, dir, deps } = await setUp(skip);
    await browserEdit(store, 'invoice-automation', { title: 'Briefly' });
    await browserEdit(store, 'invoice-automation', { title: 'Invoice processing automation' });
    expect((await getDefinition(store.db, 'use_case', 'invoice-automation'))!.pending).toBeNull();

    await store.transaction(async (tx) => archiveDefinition(tx, (await getDefinition(tx, 'use_case', 'invoice-automation'))!, 'carol@example.com', T0));
    expect((await applyFiles(deps, dir)).changes).toContainEqual(expect.objectContaining({ id: 'invoice-automation', change: 'kept' }));
    expect((await getDefinition(store.db, 'use_case', 'invoice-automation'))!.archivedAt).not.toBeNull(); // not restored by apply
    expect(await pullDefinitions(deps, dir)).toEqual([{ kind: 'use_case', id: 'invoice-automation', file: UC, change: 'removed' }]);
    expect(existsSync(path.join(dir, UC))).toBe(false);
    expect((await applyFiles(deps, dir)).changes.every((c) => c.change === 'unchanged')).toBe(true);
    await expectAgreement(store, dir);
  });

  it('a file removed while the browser edited it is a conflict, not an archive', async ({ skip }) => {
    const { store, dir, deps } = await setUp(skip);
    await browserEdit(store, 'invoice-automation', { title: 'Still wanted' });
    rmSync(path.join(dir, UC));
    await expect(applyFiles(deps, dir)).rejects.toMatchObject({ kind: 'conflict', problems: [{ message: 'use case "invoice-automation": edited in the browser, and its file was removed' }] });
    expect((await getDefinition(store.db, 'use_case', 'invoice-automation'))!.archivedAt).toBeNull();
  });

  it('pull refuses when the result would not be a valid workspace, writing nothing', async ({ skip }) => {
    const { store, dir, deps } = await setUp(skip);
    // A proposal that depends on a use case the files do not have: its file would not validate.
    await browserPropose(store, 'needs-ghost', 'Needs a ghost');
    await store.transaction(async (tx) => {
      const d = (await getDefinition(tx, 'use_case', 'needs-ghost'))!;
      await updateDefinition(tx, d, { ...(d.body as object), depends_on: ['ghost'] }, 'carol', T0);
    });
    await expect(pullDefinitions(deps, dir)).rejects.toMatchObject({ kind: 'invalid', code: 'invalid_workspace' });
    expect(existsSync(path.join(dir, 'usecases/needs-ghost.yaml'))).toBe(false);
    expect((await getDefinition(store.db, 'use_case', 'needs-ghost'))!.owner).toBe('store');
  });

  it('attack: a store-owned id that is a path writes no file anywhere and changes no owner', async ({ skip }) => {
    const { store, dir, deps } = await setUp(skip);
    const outside = path.join(path.dirname(dir), 'escaped.yaml');
    rmSync(outside, { force: true });
    const body = { ...((await getDefinition(store.db, 'use_case', 'invoice-automation'))!.body as object), id: '../../escaped' };
    await store.transaction((tx) => createDefinition(tx, { kind: 'use_case', id: '../../escaped', body }, 'intruder', T0));
    await browserPropose(store, 'honest-proposal', 'Honest');
    await expect(pullDefinitions(deps, dir)).rejects.toMatchObject({ kind: 'invalid', code: 'unsafe_id', problems: [{ field: 'use_case:../../escaped' }] });
    expect(existsSync(outside)).toBe(false);
    expect(existsSync(path.join(dir, 'usecases/honest-proposal.yaml'))).toBe(false); // all or nothing
    expect((await getDefinition(store.db, 'use_case', 'honest-proposal'))!.owner).toBe('store');
  });
});
