// Every CLI command, in the order `quantforge --help` lists them.
// Add a command: write src/cli/commands/<name>.ts exporting `command`, add one line here.
import type { CliCommand } from '../command.js';
import { command as verifyGolden } from './verify-golden.js';

export const commands: CliCommand[] = [
  verifyGolden,
];
