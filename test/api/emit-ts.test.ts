// emit-ts writes a TypeScript module that, run (through tsx), builds the recipe's IR through
// the API: the same IR the DSL lowers to, up to spans.
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { emitTypeScript } from '../../src/api/emit-ts.js';
import { stripSpans, type RecipeFile } from '../../src/ir/recipe.js';
import { lowerSource } from '../../src/lower/load.js';

const dir = mkdtempSync(join(tmpdir(), 'qf-emit-'));
writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
const api = relative(dir, join(process.cwd(), 'src/api/index.js'));

let counter = 0;
async function roundTrip(text: string): Promise<{ emitted: string; ir: RecipeFile; built: RecipeFile; path: string }> {
  const r = lowerSource(text, 'recipes/x.quant');
  expect(r.diagnostics, JSON.stringify(r.diagnostics)).to.deep.equal([]);
  const emitted = emitTypeScript(r.file, { apiModule: api });
  const path = join(dir, `emitted${counter++}.ts`);
  writeFileSync(path, emitted);
  const mod = (await import(pathToFileURL(path).href)) as { recipeFile: RecipeFile };
  return { emitted, ir: stripSpans(r.file), built: mod.recipeFile, path };
}

describe('emit-ts', () => {
  it("rebuilds dsl.md's example through readable API calls", async () => {
    const { emitted, ir, built } = await roundTrip(`quant 1
target cuda(arch = "sm_90a")
let w4  = Int4WeightOnlyConfig(group_size = 128)
let fp8 = Float8DynamicActivationFloat8WeightConfig(granularity = PerRow())
recipe llama3_mixed {
  "lm_head" -> skip
  glob "model.layers.{i}.self_attn.*_proj" -> fp8
  glob "model.layers.{i}.mlp.*" where i < 2 or i >= 30 -> Int8WeightOnlyConfig()
  re "model\\.layers\\.\\d+\\.mlp\\..*" -> w4
  default -> w4
  allow skip_incompatible
  expect quantized_fraction >= 0.95
}`);
    expect(built).to.deep.equal(ir);
    expect(emitted).to.contain('const w4 = f.let("w4", Int4WeightOnlyConfig({ groupSize: 128 }));');
    expect(emitted).to.contain(
      '.glob("model.layers.{i}.mlp.*", Int8WeightOnlyConfig(), { where: "i < 2 or i >= 30" })',
    );
  });

  it('keeps positional arguments, floats, tuples, enums, strings and inherited rules exact', async () => {
    const { emitted, ir, built } = await roundTrip(`
let a = IntxWeightOnlyConfig(torch.int4, PerGroup(32), MappingType.ASYMMETRIC, intx_packing_format="unpacked_to_int8")
recipe base { "x" -> Float8DynamicActivationFloat8WeightConfig(granularity=(PerRow(), PerRow()), activation_value_ub=448.0) }
recipe r extends base {
  "y" -> a
  default -> Int4WeightOnlyConfig(int4_packing_format=Int4PackingFormat.TILE_PACKED_TO_4D, group_size=64)
}`);
    expect(built).to.deep.equal(ir);
    expect(emitted).to.contain(
      'call("IntxWeightOnlyConfig", [torch.int4, perGroup(32), MappingType.ASYMMETRIC], { intx_packing_format: "unpacked_to_int8" })',
    );
    expect(emitted).to.contain('activationValueUb: float(448)');
  });
});

describe('emit-ts output under the TypeScript compiler', () => {
  it('type-checks in strict mode (and the check can fail: a wrong option name is an error)', async function () {
    this.timeout(60000);
    const { emitted, path } = await roundTrip('let w = Int4WeightOnlyConfig(group_size=64)\nrecipe r { default -> w }');
    const broken = join(dir, 'broken.ts');
    writeFileSync(broken, emitted.replace('groupSize', 'groupSise'));
    const program = ts.createProgram([path, broken], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
    });
    const errors = (file: string) =>
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(file))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
    expect(errors(path)).to.deep.equal([]);
    expect(errors(broken).join('\n')).to.match(/groupSise/);
  });
});
