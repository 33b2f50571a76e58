import { expect } from 'chai';
import { buildModuleTree, parameterKinds, splitFqn } from '../../src/model/module-tree.js';

const bert = [
  { fqn: 'embeddings.word_embeddings.weight', shape: [30522, 384] },
  { fqn: 'embeddings.position_ids', shape: [1, 512] },
  { fqn: 'embeddings.LayerNorm.weight', shape: [384] },
  { fqn: 'encoder.layer.0.attention.self.query.weight', shape: [384, 384] },
  { fqn: 'encoder.layer.0.attention.self.query.bias', shape: [384] },
  { fqn: 'encoder.layer.0.intermediate.dense.weight', shape: [1536, 384] },
  { fqn: 'model.layers.0.mlp.experts.gate_up_proj', shape: [8, 1024, 512] },
  { fqn: 'model.layers.0.mlp.experts.weight', shape: [8, 1024, 512] },
  { fqn: 'model.embed_tokens.weight', shape: [128256, 4096] },
  { fqn: 'lm_head.weight', shape: [128256, 4096] },
];

describe('model/module-tree: modules and kinds from FQNs', () => {
  it('splits a parameter FQN into module and leaf', () => {
    expect(splitFqn('a.b.weight')).to.deep.equal({ module: 'a.b', leaf: 'weight' });
    expect(splitFqn('scale')).to.deep.equal({ module: '', leaf: 'scale' });
  });

  it('infers linear, embedding, MoE experts and other as torch would have built them', () => {
    const kinds = Object.fromEntries(parameterKinds(bert));
    expect(kinds).to.deep.equal({
      'embeddings.word_embeddings.weight': 'embedding',
      'embeddings.position_ids': 'other', // a buffer of the container `embeddings`
      'embeddings.LayerNorm.weight': 'other',
      'encoder.layer.0.attention.self.query.weight': 'linear',
      'encoder.layer.0.attention.self.query.bias': 'linear',
      'encoder.layer.0.intermediate.dense.weight': 'linear',
      'model.layers.0.mlp.experts.gate_up_proj': 'moe_experts',
      'model.layers.0.mlp.experts.weight': 'moe_experts',
      'model.embed_tokens.weight': 'embedding',
      'lm_head.weight': 'linear',
    });
  });

  it('leaves containers without a kind, so module rules never match them', () => {
    const tree = buildModuleTree(bert);
    const layer0 = tree.children.get('encoder')!.children.get('layer')!.children.get('0')!;
    expect(layer0.fqn).to.equal('encoder.layer.0');
    expect(layer0.kind).to.equal(null);
    expect(layer0.children.get('attention')!.children.get('self')!.children.get('query')!.parameters).to.deep.equal([
      'weight',
      'bias',
    ]);
  });
});
