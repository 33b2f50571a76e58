// The shape every `quantforge <command>` implements. One command per file under
// src/cli/commands/, listed once in src/cli/commands/index.ts.
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is a terminal (progress bars, colours); false when piped. */
  isTTY: boolean;
}

export interface CliCommand {
  name: string;
  /** One line for `quantforge --help`. */
  summary: string;
  /** Usage text printed by `quantforge <name> --help`. */
  usage: string;
  /** Returns the process exit code. Throwing a UserError prints its message and exits 1. */
  run(argv: string[], io: CliIO): Promise<number>;
}

/** An error caused by the user's input: printed without a stack trace. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'UserError';
  }
}
