// Railroad syntax diagrams of the `.quant` grammar, generated from the parser itself so
// that they can never drift from what the parser accepts.
import { createSyntaxDiagramsCode } from 'chevrotain';
import { quantParser } from './parser.js';

/** A self-contained HTML page (it loads chevrotain's diagram renderer from a CDN). */
export function syntaxDiagramsHtml(): string {
  return createSyntaxDiagramsCode(quantParser.getSerializedGastProductions());
}
