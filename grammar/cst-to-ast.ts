// CST → AST for declarations: the one visitor from chevrotain's concrete tree to ast.ts.
// Pure: no diagnostics are made here (the parser reported syntax errors already); a
// declaration that recovery left incomplete is dropped.
import type { IToken } from 'chevrotain';
import type {
  ActionCstNode,
  AllowStmtCstNode,
  ExpectStmtCstNode,
  FileCstNode,
  ImportDeclCstNode,
  LetDeclCstNode,
  MatcherCstNode,
  RecipeDeclCstNode,
  RuleCstNode,
  TargetDeclCstNode,
} from './cst-types.js';
import type {
  ActionNode,
  AllowNode,
  Comment,
  ExpectNode,
  FileNode,
  ImportNode,
  LetNode,
  MatcherNode,
  RecipeItem,
  RecipeNode,
  RuleNode,
  TargetNode,
  TopItem,
} from './ast.js';
import { node, nodes, orderedNodes, token } from './cst-helpers.js';
import { ValueBuilder } from './cst-values.js';
import { joinSpans, spanAt, tokenSpan } from './span.js';

export function buildFile(file: string, text: string, cst: FileCstNode | null, comments: IToken[]): FileNode {
  const b = new AstBuilder(file);
  if (!cst)
    return { kind: 'file', file, version: null, items: [], comments: [], span: spanAt(file, text, 0, text.length) };
  const version = node(cst, 'version');
  const num = version && token(version, 'NumberLiteral');
  const items = orderedNodes(cst, ['importDecl', 'targetDecl', 'letDecl', 'recipeDecl'])
    .map((n) => b.topItem(n))
    .filter((n): n is TopItem => n !== null);
  return {
    kind: 'file',
    file,
    version: num ? { value: Number(num.image), span: tokenSpan(file, num) } : null,
    items,
    comments: comments.map((t): Comment => ({ text: t.image, span: tokenSpan(file, t) })),
    span: spanAt(file, text, 0, text.length),
  };
}

class AstBuilder extends ValueBuilder {
  topItem(n: ImportDeclCstNode | TargetDeclCstNode | LetDeclCstNode | RecipeDeclCstNode): TopItem | null {
    switch (n.name) {
      case 'importDecl':
        return this.importDecl(n);
      case 'targetDecl':
        return this.targetDecl(n);
      case 'letDecl':
        return this.letDecl(n);
      default:
        return this.recipeDecl(n);
    }
  }

  importDecl(n: ImportDeclCstNode): ImportNode | null {
    const path = token(n, 'StringToken');
    const span = this.span(n);
    if (!path || !span) return null;
    const alias = token(n, 'Identifier');
    return {
      kind: 'import',
      path: this.string(path),
      alias: alias ? { name: alias.image, span: tokenSpan(this.file, alias) } : null,
      span,
    };
  }

  targetDecl(n: TargetDeclCstNode): TargetNode | null {
    const name = token(n, 'Identifier');
    const argList = node(n, 'argList');
    const span = this.span(n);
    if (!name || !argList || !span || !token(argList, 'RParen')) return null;
    const args = nodes(argList, 'arg')
      .map((a) => this.arg(a))
      .filter((a) => a !== null);
    return { kind: 'target', name: { name: name.image, span: tokenSpan(this.file, name) }, args, span };
  }

  letDecl(n: LetDeclCstNode): LetNode | null {
    const name = token(n, 'Identifier');
    const config = this.call(node(n, 'dotted'), node(n, 'argList'));
    const span = this.span(n);
    if (!name || !config || !span) return null;
    return { kind: 'let', name: { name: name.image, span: tokenSpan(this.file, name) }, config, span };
  }

  recipeDecl(n: RecipeDeclCstNode): RecipeNode | null {
    const name = token(n, 'Identifier');
    const span = this.span(n);
    if (!name || !span) return null;
    const baseNode = node(n, 'dotted');
    const base = baseNode ? this.dotted(baseNode) : null;
    const items = orderedNodes(n, ['rule', 'expectStmt', 'allowStmt'])
      .map((i) => this.recipeItem(i))
      .filter((i): i is RecipeItem => i !== null);
    const open = token(n, 'LBrace');
    return {
      kind: 'recipe',
      name: { name: name.image, span: tokenSpan(this.file, name) },
      base,
      items,
      open: open ? tokenSpan(this.file, open) : null,
      span,
    };
  }

  recipeItem(n: RuleCstNode | ExpectStmtCstNode | AllowStmtCstNode): RecipeItem | null {
    const span = this.span(n);
    if (!span) return null;
    if (n.name === 'allowStmt') {
      const id = token(n, 'Identifier');
      return id
        ? ({ kind: 'allow', name: { name: id.image, span: tokenSpan(this.file, id) }, span } satisfies AllowNode)
        : null;
    }
    if (n.name === 'expectStmt') {
      const e = node(n, 'expr');
      const expr = e ? this.expr(e) : null;
      return expr ? ({ kind: 'expect', expr, span } satisfies ExpectNode) : null;
    }
    return this.rule(n, span);
  }

  rule(n: RuleCstNode, span: RuleNode['span']): RuleNode | null {
    const m = node(n, 'matcher');
    const a = node(n, 'action');
    const matcher = m ? this.matcher(m) : null;
    const action = a ? this.action(a) : null;
    const whereNode = node(n, 'expr');
    const where = whereNode ? this.expr(whereNode) : null;
    if (!matcher || !action || (whereNode && !where) || !token(n, 'Arrow')) return null;
    return { kind: 'rule', matcher, where, action, span: joinSpans(span, action.span) };
  }

  matcher(n: MatcherCstNode): MatcherNode | null {
    const span = this.span(n);
    const str = token(n, 'StringToken');
    if (!span) return null;
    if (token(n, 'Default')) return { kind: 'default', span };
    if (!str) return null;
    const value = this.string(str);
    if (token(n, 'Glob')) return { kind: 'glob', value, span };
    if (token(n, 'Re')) return { kind: 're', value, span };
    return { kind: 'string', value, span };
  }

  action(n: ActionCstNode): ActionNode | null {
    const span = this.span(n);
    if (!span) return null;
    if (token(n, 'Skip')) return { kind: 'skip', word: 'skip', span };
    if (token(n, 'NoneKw')) return { kind: 'skip', word: 'None', span };
    const d = node(n, 'dotted');
    const argList = node(n, 'argList');
    if (argList) return this.call(d, argList);
    const ref = d ? this.dotted(d) : null;
    return ref && { kind: 'ref', path: ref.path, span: ref.span };
  }
}
