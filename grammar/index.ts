// The grammar's public surface: parse text into an AST with syntax problems, the AST types,
// string quoting shared with the printers, and the syntax diagrams.
export { parseExpression, parseQuant, type ParseResult, type SyntaxProblem } from './parse.js';
export * from './ast.js';
export { quoteRaw, quoteString, stringValue } from './strings.js';
export { syntaxDiagramsHtml } from './diagrams.js';
export { keywords } from './tokens.js';
