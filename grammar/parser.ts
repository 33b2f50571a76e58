// The `.quant` parser (dsl.md, "Grammar (EBNF)"): a pure chevrotain CstParser whose rules
// mirror the EBNF one for one. It only recognises; grammar/cst-to-ast.ts builds the AST.
//
// Error recovery is on: chevrotain re-synchronises inside repetitions and inserts or deletes
// single tokens, so one run reports every syntax error of a file. Rules therefore receive
// partial CST nodes (`recoveredNode`); the AST builder tolerates missing children.
import { CstParser, type CstNode } from 'chevrotain';
import * as T from './tokens.js';
import { syntaxErrorMessages } from './syntax-messages.js';

export class QuantParser extends CstParser {
  constructor() {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: 'full',
      errorMessageProvider: syntaxErrorMessages,
    });
    this.performSelfAnalysis();
  }

  // file = [ "quant" INT ] { import | target | let | recipe } ;
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

  // "(" [ arg { "," arg } [ "," ] ] ")"
  argList = this.RULE('argList', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.arg);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.arg);
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RParen);
  });

  // arg = [ IDENT "=" ] value ;
  arg = this.RULE('arg', () => {
    this.OPTION(() => {
      this.CONSUME(T.Identifier);
      this.CONSUME(T.Equals);
    });
    this.SUBRULE(this.value);
  });

  value = this.RULE('value', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.numberValue) },
      { ALT: () => this.CONSUME(T.StringToken) },
      { ALT: () => this.CONSUME(T.TrueKw) },
      { ALT: () => this.CONSUME(T.FalseKw) },
      { ALT: () => this.CONSUME(T.NoneKw) },
      {
        ALT: () => {
          this.SUBRULE(this.dotted);
          this.OPTION(() => this.SUBRULE(this.argList));
        },
      },
      { ALT: () => this.SUBRULE(this.listValue) },
      { ALT: () => this.SUBRULE(this.tupleValue) },
    ]);
  });

  numberValue = this.RULE('numberValue', () => {
    this.OPTION(() => this.CONSUME(T.Minus));
    this.CONSUME(T.NumberLiteral);
  });

  listValue = this.RULE('listValue', () => {
    this.CONSUME(T.LBracket);
    this.OPTION(() => {
      this.SUBRULE(this.value);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.value);
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RBracket);
  });

  /** `(a, b)`; `(a,)` is a 1-tuple and `(a)` is just `a`, as in Python. */
  tupleValue = this.RULE('tupleValue', () => {
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.SUBRULE(this.value);
      this.MANY(() => {
        this.CONSUME(T.Comma);
        this.SUBRULE2(this.value);
      });
      this.OPTION2(() => this.CONSUME2(T.Comma));
    });
    this.CONSUME(T.RParen);
  });

  // dotted = IDENT { "." IDENT } ;
  dotted = this.RULE('dotted', () => {
    this.CONSUME(T.Identifier);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.CONSUME2(T.Identifier);
    });
  });

  // expr: or > and > not > comparison (not chained) > + - > * / % > unary minus > primary
  expr = this.RULE('expr', () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.andExpr);
    });
  });

  andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE2(this.notExpr);
    });
  });

  notExpr = this.RULE('notExpr', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.notExpr);
        },
      },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  });

  comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive);
    this.OPTION(() => {
      this.OR([T.EqEq, T.NotEq, T.LtEq, T.GtEq, T.Lt, T.Gt].map((tok) => ({ ALT: () => this.CONSUME(tok) })));
      this.SUBRULE2(this.additive);
    });
  });

  additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      this.SUBRULE2(this.multiplicative);
    });
  });

  multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR([T.Star, T.Slash, T.Percent].map((tok) => ({ ALT: () => this.CONSUME(tok) })));
      this.SUBRULE2(this.unary);
    });
  });

  unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Minus);
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringToken) },
      { ALT: () => this.CONSUME(T.TrueKw) },
      { ALT: () => this.CONSUME(T.FalseKw) },
      { ALT: () => this.CONSUME(T.Identifier) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expr);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });
}

/** One shared instance: chevrotain parsers are reusable by resetting `input`. */
export const quantParser = new QuantParser();

export type { CstNode };
