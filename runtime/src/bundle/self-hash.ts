// manifest.json carries the SHA-256 of its own bytes, so that verify notices a flipped byte in
// the manifest too (the manifest hashes every other file). The hash is computed over the file
// with the hash's own 64 hex digits replaced by zeros, then written into that place.
import { createHash } from 'node:crypto';

const FIELD = /"selfSha256": "([0-9a-f]{64})"/;
const ZEROS = '0'.repeat(64);

/** Fills in the placeholder `"selfSha256": "000…0"` of a manifest's text. */
export function sealManifest(text: string): string {
  const m = FIELD.exec(text);
  if (!m || m[1] !== ZEROS) throw new Error('manifest text has no zeroed selfSha256 field to seal');
  return text.replace(FIELD, `"selfSha256": "${sha256(Buffer.from(text, 'utf8'))}"`);
}

/** null when the manifest's bytes match its selfSha256, else what is wrong. */
export function checkManifestSeal(bytes: Uint8Array): string | null {
  // latin1 maps bytes 1:1 to characters, so the hash below is over the exact bytes on disk.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const m = FIELD.exec(text);
  if (!m) return 'manifest.json has no selfSha256 field (modified, or written by an older quantforge)';
  const want = sha256(Buffer.from(text.replace(FIELD, `"selfSha256": "${ZEROS}"`), 'latin1'));
  return want === m[1]
    ? null
    : `manifest.json: its bytes do not match its selfSha256 (the manifest was modified or corrupted)`;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
