// Argument parsing shared by the commands: node:util's parseArgs, with its errors turned
// into a UserError that ends with the command's usage text.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from './command.js';

type Options = NonNullable<ParseArgsConfig['options']>;

type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: O }>>;

export function parseCommandArgs<O extends Options>(argv: string[], options: O, usage: string): Parsed<O> {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (e) {
    throw new UserError(`${(e as Error).message}\n${usage}`);
  }
}
