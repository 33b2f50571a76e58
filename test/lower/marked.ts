// Diagnostic tests mark the expected span inline: `default -> ⟦w5⟧` expects a diagnostic
// exactly over `w5`. `marked` strips the brackets and returns the text and the spans' offsets.
export interface Marked {
  text: string;
  spans: { offset: number; endOffset: number }[];
}

export function marked(source: string): Marked {
  let text = '';
  const spans: Marked['spans'] = [];
  const open: number[] = [];
  for (const ch of source) {
    if (ch === '⟦') open.push(text.length);
    else if (ch === '⟧') spans.push({ offset: open.pop() as number, endOffset: text.length });
    else text += ch;
  }
  return { text, spans: spans.sort((a, b) => a.offset - b.offset) };
}
