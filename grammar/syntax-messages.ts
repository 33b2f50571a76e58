// Short syntax error messages. chevrotain's default messages list every token sequence the
// parser could take; a person wants "expected `->`". The provider returns only the
// "expected …" part: grammar/parse.ts adds what was found and where.
import { EOF, tokenLabel, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';

/** "`->`", "a name or a string", "`(`, `[` or a number". */
export function describeExpected(types: TokenType[]): string {
  const labels = [...new Set(types.map((t) => (t === EOF ? 'the end of the file' : tokenLabel(t))))];
  if (labels.length <= 1) return labels[0] ?? 'something else';
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

/** How a found token reads in a message. */
export function describeFound(token: IToken): string {
  if (token.tokenType === EOF) return 'end of file';
  const text = token.image.length > 24 ? `${token.image.slice(0, 24)}…` : token.image;
  return `\`${text}\``;
}

const firstTokens = (paths: TokenType[][][]): TokenType[] =>
  paths.flatMap((alt) => alt.map((path) => path[0]).filter((t): t is TokenType => t !== undefined));

export const syntaxErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => describeExpected([expected]),
  buildNotAllInputParsedMessage: () => '`import`, `target`, `let` or `recipe`',
  buildNoViableAltMessage: ({ expectedPathsPerAlt }) => describeExpected(firstTokens(expectedPathsPerAlt)),
  buildEarlyExitMessage: ({ expectedIterationPaths }) =>
    describeExpected(expectedIterationPaths.map((p) => p[0]).filter((t): t is TokenType => t !== undefined)),
};
