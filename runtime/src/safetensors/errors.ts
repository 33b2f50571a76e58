// The one error type of the safetensors reader and writer: it names the file and, where one is
// to blame, the tensor, so that a message read in a CI log says which input to fix.

export class SafetensorsError extends Error {
  constructor(
    readonly file: string,
    readonly tensor: string | null,
    readonly detail: string,
  ) {
    super(`${file}: ${tensor === null ? '' : `tensor '${tensor}': `}${detail}`);
    this.name = 'SafetensorsError';
  }
}
