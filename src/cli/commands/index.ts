// Every CLI command, in the order `quantforge --help` lists them.
// Add a command: write src/cli/commands/<name>.ts exporting `command`, add one line here.
import type { CliCommand } from '../command.js';
import { command as verifyGolden } from './verify-golden.js';
import { command as check } from './check.js';
import { command as fmt } from './fmt.js';
import { command as diagrams } from './diagrams.js';
import { command as emitTs } from './emit-ts.js';
import { command as plan } from './plan.js';
import { command as build } from './build.js';
import { command as inspect } from './inspect.js';
import { command as verify } from './verify.js';
import { command as pack } from './pack.js';
import { command as unpack } from './unpack.js';
import { command as merge } from './merge.js';
import { command as exportTorchao } from './export.js';

export const commands: CliCommand[] = [
  build,
  inspect,
  verify,
  pack,
  unpack,
  merge,
  exportTorchao,
  verifyGolden,
  check,
  fmt,
  diagrams,
  emitTs,
  plan,
];
