// `quantforge export BUNDLE --format torchao -o FILE.safetensors`: a built bundle as torchao's
// safetensors state dict, loadable with torchao's `unflatten_tensor_state_dict` (§4.2).
import { type CliCommand, UserError } from '../command.js';
import { parseOrUsage } from '../../build/cli-args.js';
import { load } from '../../../runtime/src/bundle/index.js';
import { exportParametersOf } from '../../export/torchao/from-bundle.js';
import { toTorchaoStateDict, writeTorchaoStateDict } from '../../export/torchao/state-dict.js';

const USAGE = `usage: quantforge export BUNDLE --format torchao -o FILE.safetensors

Writes the bundle's weights as torchao's safetensors format: quantized weights as their
torchao tensor subclass (keys <module>._<param>_<inner>, JSON metadata per subclass),
unquantized ones as plain tensors. Load it in Python with
  torchao.prototype.safetensors.safetensors_support.unflatten_tensor_state_dict.`;

export const command: CliCommand = {
  name: 'export',
  summary: 'write a bundle as a torchao safetensors state dict',
  usage: USAGE,
  async run(argv, io) {
    const { positionals, values } = parseOrUsage(
      {
        args: argv,
        allowPositionals: true,
        options: { format: { type: 'string' }, output: { type: 'string', short: 'o' } },
      },
      USAGE,
    );
    if (positionals.length !== 1) throw new UserError(`export takes one bundle\n${USAGE}`);
    if (values.format !== 'torchao')
      throw new UserError(`export needs --format torchao (the only format so far)\n${USAGE}`);
    if (!values.output) throw new UserError(`export needs -o FILE.safetensors\n${USAGE}`);
    const bundle = load(positionals[0]!);
    try {
      const params = exportParametersOf(bundle);
      const sd = toTorchaoStateDict(params);
      writeTorchaoStateDict(values.output, sd);
      const quantized = params.filter((p) => p.kind === 'quantized').length;
      io.stdout(
        `exported ${positionals[0]} to ${values.output}: ${params.length} parameters (${quantized} quantized), ${sd.tensors.length} tensors\n`,
      );
    } catch (e) {
      throw new UserError((e as Error).message);
    } finally {
      bundle.close();
    }
    return 0;
  },
};
