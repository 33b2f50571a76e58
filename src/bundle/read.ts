// Reading a bundle's manifest on the compiler side (inspect, verify, merge): the runtime's
// checks, with formats typed as FormatSpec.
import { readManifest } from '../../runtime/src/bundle/load.js';
import type { BuildManifest } from './manifest.js';

/** The manifest, checked like the runtime checks it; shard outputs only with allowShard. */
export function readBuildManifest(dir: string, options: { allowShard?: boolean } = {}): BuildManifest {
  return readManifest(dir, options) as unknown as BuildManifest;
}
