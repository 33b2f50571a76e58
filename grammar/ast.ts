// The AST of a `.quant` file: what was written, with a source span on every node.
//
// Value and expression nodes use the same `kind`s and fields as the Recipe IR
// (src/ir/recipe.ts) plus spans, so lowering them is a copy and one printer serves both.
// grammar/ imports nothing of ours, so `Span` is declared here with the IR's shape.

/** Lines and columns are 1-based; offsets 0-based with `endOffset` exclusive. */
export interface Span {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  offset: number;
  endOffset: number;
}

export interface Ident {
  name: string;
  span: Span;
}

export interface NumberNode {
  kind: 'number';
  value: number;
  isInteger: boolean;
  span: Span;
}
export interface StringNode {
  kind: 'string';
  /** The value after escapes (dsl.md "Strings"). */
  value: string;
  /** Written as a raw string `r"…"`. */
  raw: boolean;
  span: Span;
}
export interface BoolNode {
  kind: 'bool';
  value: boolean;
  span: Span;
}
export interface NoneNode {
  kind: 'none';
  span: Span;
}
/** A dotted name used as a value: `torch.int4`, `MappingType.SYMMETRIC`. */
export interface NameNode {
  kind: 'name';
  path: string;
  span: Span;
}
export interface ListNode {
  kind: 'list';
  items: ValueNode[];
  span: Span;
}
export interface TupleNode {
  kind: 'tuple';
  items: ValueNode[];
  span: Span;
}
export interface ArgNode {
  name: string | null;
  value: ValueNode;
  span: Span;
  nameSpan?: Span;
}
export interface CallNode {
  kind: 'call';
  callee: string;
  calleeSpan: Span;
  args: ArgNode[];
  span: Span;
}
export type ValueNode = NumberNode | StringNode | BoolNode | NoneNode | NameNode | ListNode | TupleNode | CallNode;

export type BinaryOp = 'or' | 'and' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';
export type ExprNode =
  | { kind: 'number'; value: number; span: Span }
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'bool'; value: boolean; span: Span }
  | { kind: 'ident'; name: string; span: Span }
  | { kind: 'unary'; op: 'not' | '-'; operand: ExprNode; span: Span }
  | { kind: 'binary'; op: BinaryOp; left: ExprNode; right: ExprNode; span: Span };

export type MatcherNode =
  /** A quoted FQN; `"re:…"` is a regex, as torchao's FqnToConfig keys. */
  | { kind: 'string'; value: StringNode; span: Span }
  | { kind: 'glob'; value: StringNode; span: Span }
  | { kind: 're'; value: StringNode; span: Span }
  | { kind: 'default'; span: Span };

export type ActionNode =
  | { kind: 'skip'; word: 'skip' | 'None'; span: Span }
  | CallNode
  /** A `let` name, possibly imported (`base.w4`). */
  | { kind: 'ref'; path: string; span: Span };

export interface RuleNode {
  kind: 'rule';
  matcher: MatcherNode;
  where: ExprNode | null;
  action: ActionNode;
  span: Span;
}
export interface ExpectNode {
  kind: 'expect';
  expr: ExprNode;
  span: Span;
}
export interface AllowNode {
  kind: 'allow';
  name: Ident;
  span: Span;
}
export type RecipeItem = RuleNode | ExpectNode | AllowNode;

export interface ImportNode {
  kind: 'import';
  path: StringNode;
  alias: Ident | null;
  span: Span;
}
export interface TargetNode {
  kind: 'target';
  name: Ident;
  args: ArgNode[];
  span: Span;
}
export interface LetNode {
  kind: 'let';
  name: Ident;
  config: CallNode;
  span: Span;
}
export interface RecipeNode {
  kind: 'recipe';
  name: Ident;
  base: { path: string; span: Span } | null;
  items: RecipeItem[];
  /** The `{` that opens the body (the formatter keeps comments after it on its line). */
  open: Span | null;
  span: Span;
}
export type TopItem = ImportNode | TargetNode | LetNode | RecipeNode;

export interface Comment {
  text: string;
  span: Span;
}

export interface FileNode {
  kind: 'file';
  file: string;
  version: { value: number; span: Span } | null;
  items: TopItem[];
  /** `#` and `//` comments, in source order; only `fmt` uses them. */
  comments: Comment[];
  span: Span;
}

export const isRule = (n: RecipeItem): n is RuleNode => n.kind === 'rule';
export const isExpect = (n: RecipeItem): n is ExpectNode => n.kind === 'expect';
export const isAllow = (n: RecipeItem): n is AllowNode => n.kind === 'allow';
export const isRecipe = (n: TopItem): n is RecipeNode => n.kind === 'recipe';
export const isLet = (n: TopItem): n is LetNode => n.kind === 'let';
export const isImport = (n: TopItem): n is ImportNode => n.kind === 'import';
export const isTarget = (n: TopItem): n is TargetNode => n.kind === 'target';
