// float8 e4m3fn and e5m2 (torch.float8_e4m3fn, torch.float8_e5m2): exact RNE codecs.
//
// e4m3fn: no inf, max 448 (0x7E), NaN 0x7F/0xFF, subnormals down to 2^-9. Overflow saturates
// to ±448, as PyTorch >= 2.13's eager cast does (torchao clamps before casting anyway).
// e5m2: IEEE-like, max 57344 (0x7B), inf 0x7C, NaN 0x7D..0x7F; an unclamped cast rounds
// values >= 61440 to inf. torchao-semantics.md §2.7, §3.5; golden prim__float8_cast_sweep.
import type { Float8Element } from '../../ir/format.js';
import { registerElementCodec } from '../host-codec.js';
import { makeMiniFloatCodec, type MiniFloatCodec } from './minifloat.js';

export const FLOAT8_E4M3FN: MiniFloatCodec = makeMiniFloatCodec({
  name: 'float8_e4m3fn',
  ebits: 4,
  mbits: 3,
  bias: 7,
  maxCode: 0x7e,
  overflow: 'saturate',
  nanCode: 0x7f,
  infCode: null,
});

export const FLOAT8_E5M2: MiniFloatCodec = makeMiniFloatCodec({
  name: 'float8_e5m2',
  ebits: 5,
  mbits: 2,
  bias: 15,
  maxCode: 0x7b,
  overflow: 'inf',
  nanCode: 0x7f,
  infCode: 0x7c,
});

/** torch.finfo(dtype).max */
export const FLOAT8_MAX: Record<Float8Element, number> = {
  float8_e4m3fn: 448,
  float8_e5m2: 57344,
};

export function float8Codec(element: Float8Element): MiniFloatCodec {
  return element === 'float8_e4m3fn' ? FLOAT8_E4M3FN : FLOAT8_E5M2;
}

// HostTensors of these dtypes decode/encode through host-codec from now on.
registerElementCodec('float8_e4m3fn', FLOAT8_E4M3FN);
registerElementCodec('float8_e5m2', FLOAT8_E5M2);
