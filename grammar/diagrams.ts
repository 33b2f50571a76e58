// Railroad syntax diagrams of the `.quant` grammar, generated from the parser itself so
// that they can never drift from what the parser accepts.
//
// chevrotain's page loads its renderer (a stylesheet and four scripts) from a CDN; we inline
// the copies shipped in the chevrotain package so that the page also works offline.
import { createSyntaxDiagramsCode } from 'chevrotain';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { quantParser } from './parser.js';

/** The chevrotain package folder (lib/src/api.js is its entry). */
function chevrotainRoot(): string {
  const entry = createRequire(import.meta.url).resolve('chevrotain');
  return join(dirname(entry), '..', '..');
}

/** Replaces each CDN reference with the file's text, where the package ships it. */
function inlineResources(html: string): string {
  const root = chevrotainRoot();
  const local = (url: string): string | null => {
    const m = /\/diagrams\/(.+)$/.exec(url);
    const path = m ? join(root, 'diagrams', m[1]) : null;
    return path && existsSync(path) ? readFileSync(path, 'utf8') : null;
  };
  return html
    .replace(/<link rel='stylesheet' href='([^']+)'>/g, (tag, url: string) => {
      const css = local(url);
      return css === null ? tag : `<style>\n${css}\n</style>`;
    })
    .replace(/<script src='([^']+)'><\/script>/g, (tag, url: string) => {
      const js = local(url);
      return js === null || js.includes('</script') ? tag : `<script>\n${js}\n</script>`;
    });
}

/** A self-contained HTML page with one diagram per grammar rule. */
export function syntaxDiagramsHtml(): string {
  return inlineResources(createSyntaxDiagramsCode(quantParser.getSerializedGastProductions()));
}
