/**
 * Groups of items joined by links (union-find). Syndication is scored on groups, not on single links: which
 * version the pipeline picks as canonical is a choice ("the most complete"), while which articles are
 * versions of one text is a fact the labels state.
 */
export class Groups {
  private readonly parent = new Map<string, string>();

  add(item: string): void {
    if (!this.parent.has(item)) this.parent.set(item, item);
  }

  link(a: string, b: string): void {
    this.add(a);
    this.add(b);
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }

  find(item: string): string {
    let root = item;
    while (this.parent.get(root) !== root) root = this.parent.get(root) as string;
    // Path compression: later finds on this chain are one step.
    for (let x = item; x !== root;) {
      const next = this.parent.get(x) as string;
      this.parent.set(x, root);
      x = next;
    }
    return root;
  }

  /** Every unordered pair of the given items that share a group. */
  pairs(items: Iterable<string>): [string, string][] {
    const byRoot = new Map<string, string[]>();
    for (const item of items) {
      if (!this.parent.has(item)) continue;
      const root = this.find(item);
      byRoot.set(root, [...(byRoot.get(root) ?? []), item]);
    }
    const out: [string, string][] = [];
    for (const members of byRoot.values()) {
      for (let i = 0; i < members.length; i++) {
        for (let j = i + 1; j < members.length; j++) out.push([members[i], members[j]]);
      }
    }
    return out;
  }
}
