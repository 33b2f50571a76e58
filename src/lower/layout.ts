// Line layout for the formatter: lines are kept as parts until the end so that `->` of rules
// and `=` of lets line up within a block, as in dsl.md's examples. A block is a run of such
// lines not broken by a blank line or other code (comment lines do not break it); a line whose
// left side is longer than ALIGN_LIMIT keeps one space and does not widen its block.

export type Line =
  | { kind: 'blank' }
  | { kind: 'comment'; indent: string; text: string }
  | { kind: 'code'; indent: string; text: string; trailing: string }
  | { kind: 'pair'; indent: string; left: string; sep: '->' | '='; right: string; trailing: string };

export const ALIGN_LIMIT = 64;

function blocks(lines: Line[]): Map<number, number> {
  const width = new Map<number, number>();
  let members: number[] = [];
  let sep: string | null = null;
  const close = () => {
    const fit = members.filter((i) => (lines[i] as { left: string }).left.length <= ALIGN_LIMIT);
    const w = Math.max(0, ...fit.map((i) => (lines[i] as { left: string }).left.length));
    for (const i of fit) width.set(i, w);
    members = [];
    sep = null;
  };
  lines.forEach((l, i) => {
    if (l.kind === 'comment') return;
    if (l.kind !== 'pair' || (sep !== null && l.sep !== sep)) close();
    if (l.kind === 'pair') {
      members.push(i);
      sep = l.sep;
    }
  });
  close();
  return width;
}

export function renderLines(lines: Line[]): string {
  const width = blocks(lines);
  const out = lines.map((l, i) => {
    switch (l.kind) {
      case 'blank':
        return '';
      case 'comment':
        return `${l.indent}${l.text}`;
      case 'code':
        return `${l.indent}${l.text}${l.trailing}`;
      case 'pair':
        return `${l.indent}${l.left.padEnd(width.get(i) ?? l.left.length)} ${l.sep} ${l.right}${l.trailing}`;
    }
  });
  return out.length ? `${out.join('\n')}\n` : '';
}
