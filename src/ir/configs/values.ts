// Python values of torchao config fields, as plain JSON data.
//
// A recipe's `ConfigValue` (src/ir/recipe.ts) is what was written; a `PyValue` is what torchao
// would hold in the dataclass field after construction: a torch dtype, an enum member, a
// granularity or other small dataclass, a str, a number... Str-enum fields keep a plain string
// when one was written (torchao keeps it too, and `config_to_dict` then writes the string), so
// `toTorchaoJson` / `fromTorchaoJson` round-trip torchao's own JSON form (torchao/core/config.py).

/** `torch.int4` */
export interface PyDtype {
  py: 'dtype';
  name: string;
}
/** `MappingType.SYMMETRIC` */
export interface PyEnum {
  py: 'enum';
  type: string;
  member: string;
}
/** A small dataclass: `PerGroup(group_size=32)`, `Float8MMConfig(...)`. */
export interface PyObject {
  py: 'object';
  type: string;
  fields: Record<string, PyValue>;
}
/** A Python tuple: kept apart from lists because torchao rejects tuples in several places. */
export interface PyTuple {
  py: 'tuple';
  items: PyValue[];
}

export type PyValue = null | boolean | number | string | PyDtype | PyEnum | PyObject | PyTuple | PyValue[];

export const dtype = (name: string): PyDtype => ({ py: 'dtype', name });
export const enumMember = (type: string, member: string): PyEnum => ({ py: 'enum', type, member });
export const object = (type: string, fields: Record<string, PyValue> = {}): PyObject => ({
  py: 'object',
  type,
  fields,
});

export function isDtype(v: PyValue): v is PyDtype {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && v.py === 'dtype';
}
export function isEnum(v: PyValue): v is PyEnum {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && v.py === 'enum';
}
export function isObject(v: PyValue, type?: string): v is PyObject {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    v.py === 'object' &&
    (type === undefined || v.type === type)
  );
}
export function isTuple(v: PyValue): v is PyTuple {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && v.py === 'tuple';
}
export function isInt(v: PyValue): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** Python's `str()` of a value, as torchao's f-string messages print it. */
export function pyStr(v: PyValue): string {
  if (typeof v === 'string') return v;
  return pyRepr(v);
}

/** Python's `repr()`: `PerRow(dim=-1)`, `torch.int4`, `MappingType.SYMMETRIC`, `'plain'`. */
export function pyRepr(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  switch (v.py) {
    case 'dtype':
      return `torch.${v.name}`;
    case 'enum':
      return `${v.type}.${v.member}`;
    case 'tuple':
      return v.items.length === 1 ? `(${pyRepr(v.items[0]!)},)` : `(${v.items.map(pyRepr).join(', ')})`;
    case 'object':
      return `${v.type}(${Object.entries(v.fields)
        .map(([k, f]) => `${k}=${pyRepr(f)}`)
        .join(', ')})`;
  }
}

/** The JSON torchao's `config_to_dict` writes for a value. */
export type TorchaoJson = null | boolean | number | string | TorchaoJson[] | { [key: string]: TorchaoJson };

export function toTorchaoJson(v: PyValue): TorchaoJson {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(toTorchaoJson);
  switch (v.py) {
    case 'dtype':
      return { _type: 'torch.dtype', _data: v.name };
    case 'enum':
      return { _type: v.type, _data: v.member };
    case 'tuple':
      // torchao refuses tuples (NotImplementedError); validated configs never hold one.
      throw new Error(`torchao's config_to_dict cannot encode the tuple ${pyRepr(v)}; use a list`);
    case 'object': {
      const data: Record<string, TorchaoJson> = {};
      for (const [k, f] of Object.entries(v.fields)) data[k] = toTorchaoJson(f);
      return { _type: v.type, _version: 1, _data: data };
    }
  }
}

/** Inverse of `toTorchaoJson`; throws with the path of anything it cannot read. */
export function fromTorchaoJson(j: TorchaoJson, path = '$'): PyValue {
  if (j === null || typeof j !== 'object') return j;
  if (Array.isArray(j)) return j.map((x, i) => fromTorchaoJson(x, `${path}[${i}]`));
  const type = j['_type'];
  if (typeof type !== 'string') throw new Error(`${path}: an object without a string "_type"`);
  const data = j['_data'];
  if (type === 'torch.dtype') {
    if (typeof data !== 'string') throw new Error(`${path}: torch.dtype "_data" must be a string`);
    return dtype(data);
  }
  if (!('_version' in j)) {
    if (typeof data !== 'string') throw new Error(`${path}: enum ${type} "_data" must be a member name`);
    return enumMember(type, data);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new Error(`${path}: "_data" of ${type} must be an object`);
  const fields: Record<string, PyValue> = {};
  for (const [k, f] of Object.entries(data)) fields[k] = fromTorchaoJson(f, `${path}._data.${k}`);
  return object(type, fields);
}

/** Structural equality (lists and tuples differ, as in Python). */
export function pyEqual(a: PyValue, b: PyValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
