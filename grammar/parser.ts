// The `.quant` parser (dsl.md, "Grammar (EBNF)"): a pure chevrotain CstParser whose rules
// mirror the EBNF one for one; values and expressions live in parser-values.ts. It only
// recognises; grammar/cst-to-ast.ts builds the AST.
//
// Error recovery is on: chevrotain re-synchronises inside repetitions and inserts or deletes
// single tokens, so one run reports every syntax error of a file. Rules therefore receive
// partial CST nodes (`recoveredNode`); the AST builder tolerates missing children.
import type { CstNode } from 'chevrotain';
import { ValueParser } from './parser-values.js';
import * as T from './tokens.js';
import { syntaxErrorMessages } from './syntax-messages.js';

export class QuantParser extends ValueParser {
  constructor() {
    super({
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: 'full',
      errorMessageProvider: syntaxErrorMessages,
    });
    this.performSelfAnalysis();
  }

  file = this.RULE('file', () => {
    this.OPTION(() => this.SUBRULE(this.version));
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.importDecl) },
        { ALT: () => this.SUBRULE(this.targetDecl) },
        { ALT: () => this.SUBRULE(this.letDecl) },
        { ALT: () => this.SUBRULE(this.recipeDecl) },
      ]),
    );
  });

  version = this.RULE('version', () => {
    this.CONSUME(T.Quant);
    this.CONSUME(T.NumberLiteral);
  });

  // import = "import" STRING [ "as" IDENT ] ;
  importDecl = this.RULE('importDecl', () => {
    this.CONSUME(T.Import);
    this.CONSUME(T.StringToken);
    this.OPTION(() => {
      this.CONSUME(T.As);
      this.CONSUME(T.Identifier);
    });
  });

  // target = "target" IDENT "(" [ args ] ")" ;
  targetDecl = this.RULE('targetDecl', () => {
    this.CONSUME(T.Target);
    this.CONSUME(T.Identifier);
    this.SUBRULE(this.argList);
  });

  // let = "let" IDENT "=" config ;
  letDecl = this.RULE('letDecl', () => {
    this.CONSUME(T.Let);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.dotted);
    this.SUBRULE(this.argList);
  });

  // recipe = "recipe" IDENT [ "extends" dotted ] "{" { rule | expect | allow } "}" ;
  recipeDecl = this.RULE('recipeDecl', () => {
    this.CONSUME(T.Recipe);
    this.CONSUME(T.Identifier);
    this.OPTION(() => {
      this.CONSUME(T.Extends);
      this.SUBRULE(this.dotted);
    });
    this.CONSUME(T.LBrace);
    this.MANY(() =>
      this.OR([
        { ALT: () => this.SUBRULE(this.rule) },
        { ALT: () => this.SUBRULE(this.expectStmt) },
        { ALT: () => this.SUBRULE(this.allowStmt) },
      ]),
    );
    this.CONSUME(T.RBrace);
  });

  // allow = "allow" IDENT ;
  allowStmt = this.RULE('allowStmt', () => {
    this.CONSUME(T.Allow);
    this.CONSUME(T.Identifier);
  });

  // expect = "expect" expr ;
  expectStmt = this.RULE('expectStmt', () => {
    this.CONSUME(T.Expect);
    this.SUBRULE(this.expr);
  });

  // rule = matcher [ "where" expr ] "->" action ;
  rule = this.RULE('rule', () => {
    this.SUBRULE(this.matcher);
    this.OPTION(() => {
      this.CONSUME(T.Where);
      this.SUBRULE(this.expr);
    });
    this.CONSUME(T.Arrow);
    this.SUBRULE(this.action);
  });

  // matcher = STRING | "glob" STRING | "re" STRING | "default" ;
  matcher = this.RULE('matcher', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringToken) },
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.Glob) }, { ALT: () => this.CONSUME(T.Re) }]);
          this.CONSUME2(T.StringToken);
        },
      },
      { ALT: () => this.CONSUME(T.Default) },
    ]);
  });

  // action = "skip" | "None" | config | IDENT ;  (a let name may be imported: `base.w4`)
  action = this.RULE('action', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Skip) },
      { ALT: () => this.CONSUME(T.NoneKw) },
      {
        ALT: () => {
          this.SUBRULE(this.dotted);
          this.OPTION(() => this.SUBRULE(this.argList));
        },
      },
    ]);
  });
}

/** One shared instance: chevrotain parsers are reusable by resetting `input`. */
export const quantParser = new QuantParser();

export type { CstNode };
