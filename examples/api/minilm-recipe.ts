// The recipe of examples/recipes/minilm.quant, written in TypeScript with quantforge's API,
// then bound to the model description and summarised. Run it:
//   npx tsx examples/api/minilm-recipe.ts
// test/api/examples.test.ts checks that it builds the same IR as the .quant file.
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  Int8DynamicActivationInt8WeightConfig,
  Int8WeightOnlyConfig,
  IntxWeightOnlyConfig,
  perGroup,
  printRecipeFile,
  quantFile,
  quantize,
  torch,
} from '../../src/api/index.js';
import type { RecipeFile } from '../../src/ir/recipe.js';
import { describeModel } from '../../src/model/description.js';
import { bind } from '../../src/passes/bind.js';

export function minilmRecipe(file = 'examples/recipes/minilm.quant'): RecipeFile {
  const f = quantFile(file);
  f.target('cpu');
  const attn = f.let('attn', Int8DynamicActivationInt8WeightConfig());
  const ffn = f.let('ffn', IntxWeightOnlyConfig({ weightDtype: torch.int4, granularity: perGroup(32) }));
  f.recipe('minilm')
    .glob('encoder.layer.{i}.attention.self.{query,key,value}', attn)
    .glob('encoder.layer.{i}.attention.output.dense', attn)
    .glob('encoder.layer.{i}.{intermediate,output}.dense', ffn)
    .default(Int8WeightOnlyConfig());
  return f.build();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const recipe = minilmRecipe();
  process.stdout.write(printRecipeFile(recipe));
  const model = describeModel(fileURLToPath(new URL('../models/all-minilm-l6-v2.json', import.meta.url)));
  const plan = bind(recipe, model);
  const quantized = plan.tensors.filter((t) => t.decision.action === 'quantize').length;
  process.stdout.write(`\n${quantized} of ${plan.tensors.length} tensors quantized\n`);
  // The one-config form, torchao's quantize_(model, config): every linear weight.
  process.stdout.write(
    `quantize(model, Int8WeightOnlyConfig()): ${quantize(model, Int8WeightOnlyConfig()).tensors.filter((t) => t.decision.action === 'quantize').length} tensors\n`,
  );
}
