// A progress bar per dataset on stderr, redrawn in place, only when stderr is a terminal
// (pipes and CI logs get nothing, so stdout and logs stay clean).
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

interface Lane {
  done: number;
  total: number;
  state: 'waiting' | 'running' | 'done';
  note: string;
}

export class ProgressDisplay {
  private readonly lanes = new Map<string, Lane>();
  private drawn = 0;
  private lastDraw = 0;
  private readonly enabled: boolean;

  constructor(
    private readonly stream: ProgressStream,
    ids: string[],
  ) {
    this.enabled = stream.isTTY === true;
    for (const id of ids) this.lanes.set(id, { done: 0, total: 1, state: 'waiting', note: '' });
  }

  update(id: string, done: number, total: number, finished: boolean, note = ''): void {
    const lane = this.lanes.get(id);
    if (!lane) return;
    Object.assign(lane, { done: finished ? total : done, total, state: finished ? 'done' : 'running', note });
    const now = Date.now();
    if (finished || now - this.lastDraw > 80) this.draw();
  }

  private draw(): void {
    if (!this.enabled) return;
    this.lastDraw = Date.now();
    const width = Math.max(...[...this.lanes.keys()].map((k) => k.length));
    const lines = [...this.lanes].map(([id, l]) => {
      const share = l.total === 0 ? 1 : l.done / l.total;
      const bar = '#'.repeat(Math.round(share * 20)).padEnd(20, '.');
      return `${id.padEnd(width)} [${bar}] ${l.state === 'waiting' ? 'waiting' : l.state === 'done' ? 'done' : `${l.done}/${l.total}`} ${l.note}`;
    });
    const up = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    this.stream.write(`${up}${lines.map((l) => `\x1b[2K${l}`).join('\n')}\n`);
    this.drawn = lines.length;
  }

  finish(): void {
    this.draw();
  }
}
