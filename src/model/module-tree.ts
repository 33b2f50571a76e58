// The module tree of a model, recovered from its parameter FQNs, and each module's kind.
//
// A safetensors folder holds tensors, not modules: `encoder.layer.0.attention.self.query.weight`
// is the parameter `weight` of the module `encoder.layer.0.attention.self.query`. The kind a
// recipe's `where kind == ...` sees (dsl.md §Predicates) is inferred from what torch would have
// built: a module owning a 2-D `weight` is a linear unless its name says embedding; a 3-D weight
// under an `experts` module is an MoE expert stack; everything else is `other`. Container
// modules (`encoder.layer.0`) own no weight and get no kind: they never match a module rule.

export type ModuleKind = 'linear' | 'embedding' | 'moe_experts' | 'other';

/** What module kind inference needs of a parameter. */
export interface ParameterShape {
  fqn: string;
  shape: readonly number[];
}

export interface ModuleNode {
  /** '' for the root. */
  fqn: string;
  children: Map<string, ModuleNode>;
  /** Parameter leaf names (`weight`, `bias`) owned directly by this module. */
  parameters: string[];
  /** null for containers (modules that own no parameter). */
  kind: ModuleKind | null;
}

/** Module names that torch models use for nn.Embedding (BERT, GPT-2, Llama, T5, OPT). */
const EMBEDDING_NAME =
  /(^|_)(embed|embeddings|embed_tokens|word_embeddings|position_embeddings|token_type_embeddings|tok_embeddings|wte|wpe|shared|embed_positions)$/i;

/** Splits `a.b.weight` into module `a.b` and leaf `weight`. */
export function splitFqn(fqn: string): { module: string; leaf: string } {
  const dot = fqn.lastIndexOf('.');
  return dot < 0 ? { module: '', leaf: fqn } : { module: fqn.slice(0, dot), leaf: fqn.slice(dot + 1) };
}

export function moduleKindOf(moduleFqn: string, weightShape: readonly number[] | null): ModuleKind {
  if (!weightShape) return 'other';
  const last = moduleFqn.slice(moduleFqn.lastIndexOf('.') + 1);
  if (weightShape.length === 2) return EMBEDDING_NAME.test(last) ? 'embedding' : 'linear';
  if (weightShape.length === 3 && /(^|\.)experts(\.|$)/.test(moduleFqn)) return 'moe_experts';
  return 'other';
}

/** Builds the tree and assigns a kind to every module that owns parameters. */
export function buildModuleTree(params: readonly ParameterShape[]): ModuleNode {
  const root: ModuleNode = { fqn: '', children: new Map(), parameters: [], kind: null };
  const weightShape = new Map<ModuleNode, readonly number[]>();
  for (const p of params) {
    const { module, leaf } = splitFqn(p.fqn);
    const node = module === '' ? root : nodeAt(root, module);
    node.parameters.push(leaf);
    if (leaf === 'weight') weightShape.set(node, p.shape);
  }
  visit(root, (n) => {
    if (n.parameters.length > 0) n.kind = moduleKindOf(n.fqn, weightShape.get(n) ?? null);
  });
  return root;
}

/** The kind of the module owning each parameter, keyed by parameter FQN. */
export function parameterKinds(params: readonly ParameterShape[]): Map<string, ModuleKind> {
  const tree = buildModuleTree(params);
  const out = new Map<string, ModuleKind>();
  for (const p of params) {
    const { module } = splitFqn(p.fqn);
    out.set(p.fqn, (module === '' ? tree : nodeAt(tree, module)).kind ?? 'other');
  }
  return out;
}

export function visit(node: ModuleNode, f: (n: ModuleNode) => void): void {
  f(node);
  for (const c of node.children.values()) visit(c, f);
}

function nodeAt(root: ModuleNode, fqn: string): ModuleNode {
  let node = root;
  for (const seg of fqn.split('.')) {
    let next = node.children.get(seg);
    if (!next) {
      next = { fqn: node.fqn === '' ? seg : `${node.fqn}.${seg}`, children: new Map(), parameters: [], kind: null };
      node.children.set(seg, next);
    }
    node = next;
  }
  return node;
}
