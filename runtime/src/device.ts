// Where a tensor's memory lives. Only the host (CPU) and CUDA GPUs are supported by the runtime.

export type DeviceType = 'cpu' | 'cuda';

export interface Device {
  readonly type: DeviceType;
  readonly id: number;
}

/** DLPack device type codes (dlpack.h `DLDeviceType`). */
const DL_DEVICE = { cpu: 1, cuda: 2 } as const;

export const CPU: Device = Object.freeze({ type: 'cpu', id: 0 });

export function cudaDevice(id = 0): Device {
  if (!Number.isInteger(id) || id < 0) throw new RangeError(`CUDA device id must be a non-negative integer, got ${id}`);
  return Object.freeze({ type: 'cuda', id });
}

export function deviceToDLPack(d: Device): [number, number] {
  return [DL_DEVICE[d.type], d.id];
}

export function deviceFromDLPack(type: number, id: number): Device {
  if (type === DL_DEVICE.cpu) return CPU;
  if (type === DL_DEVICE.cuda) return cudaDevice(id);
  throw new RangeError(`unsupported DLPack device type ${type}`);
}

export function formatDevice(d: Device): string {
  return d.type === 'cpu' ? 'cpu' : `cuda:${d.id}`;
}
