import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// libtvm_ffi.so replaces the process's SIGSEGV handler when it loads; Node needs its own to turn
// WebAssembly out-of-bounds traps into exceptions (guide §5.2). Run in a child process: if the
// guard were broken the probe would kill the process, not fail an assertion.
const PROBE = `
import { tvmFfiVersion } from ${JSON.stringify(join(process.cwd(), 'runtime/src/index.ts'))};
tvmFfiVersion(); // loads libtvm_ffi.so
// (module (memory 1) (func (export "f") (result i32) i32.const 131072 i32.load))
const bytes = new Uint8Array([0,97,115,109,1,0,0,0, 1,5,1,96,0,1,127, 3,2,1,0, 5,3,1,0,1,
  7,5,1,1,102,0,0, 10,11,1,9,0,65,128,128,8,40,2,0,11]);
const { instance } = await WebAssembly.instantiate(bytes);
try { instance.exports.f(); console.log('no trap'); } catch (e) { console.log('caught ' + e.constructor.name + ': ' + e.message); }
`;

describe('runtime/native loader: SIGSEGV guard', function () {
  this.timeout(60_000);
  it('a WebAssembly out-of-bounds access still throws after tvm-ffi loads', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE], { encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal('caught RuntimeError: memory access out of bounds');
  });
});
