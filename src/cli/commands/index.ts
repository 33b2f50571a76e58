// Every CLI command, in the order `quantforge --help` lists them.
// Add a command: write src/cli/commands/<name>.ts exporting `command`, add one line here.
import type { CliCommand } from '../command.js';
import { command as verifyGolden } from './verify-golden.js';
import { command as check } from './check.js';
import { command as fmt } from './fmt.js';
import { command as diagrams } from './diagrams.js';

export const commands: CliCommand[] = [
  verifyGolden,
  check,
  fmt,
  diagrams,
];
