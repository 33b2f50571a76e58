import { expect } from 'chai';
import { CompileError, formatDiagnostic, parseDiagnostics } from '../../../codegen/toolchain/index.js';

describe('codegen/toolchain/diagnostics', () => {
  it("reads g++'s file:line:col lines, errors and warnings, skipping notes and context", () => {
    const log = [
      '/c/k/gemv.cc: In function ‘void {anonymous}::Gemv()’:',
      '/c/k/gemv.cc:12:5: error: ‘acc’ was not declared in this scope',
      '   12 |     acc += 1;',
      '/c/k/gemv.cc:3:10: fatal error: missing.h: No such file or directory',
      '/c/k/gemv.cc:7:9: warning: unused variable ‘n’ [-Wunused-variable]',
      '/c/k/gemv.cc:7:9: note: declared here',
    ].join('\n');
    expect(parseDiagnostics(log)).to.deep.equal([
      { file: '/c/k/gemv.cc', line: 12, column: 5, severity: 'error', message: '‘acc’ was not declared in this scope' },
      { file: '/c/k/gemv.cc', line: 3, column: 10, severity: 'error', message: 'missing.h: No such file or directory' },
      { file: '/c/k/gemv.cc', line: 7, column: 9, severity: 'warning', message: 'unused variable ‘n’ [-Wunused-variable]' },
    ]);
  });

  it("reads nvcc's file(line) lines", () => {
    const log = '/c/k/add.cu(21): error: identifier "nn" is undefined\n/c/k/add.cu(4): warning #177-D: variable "q" was declared but never referenced\n';
    const d = parseDiagnostics(log);
    expect(d.map(formatDiagnostic)).to.deep.equal([
      '/c/k/add.cu:21: error: identifier "nn" is undefined',
      '/c/k/add.cu:4: warning: variable "q" was declared but never referenced',
    ]);
  });

  it('a CompileError lists the first errors with file:line and keeps the whole log', () => {
    const e = new CompileError('compiling k.cc (cpu:x86-64)', ['g++', 'k.cc'], 'k.cc:1:1: error: a\nk.cc:2:1: error: b\n');
    expect(e.message).to.equal('compiling k.cc (cpu:x86-64) failed:\n  k.cc:1:1: error: a\n  k.cc:2:1: error: b');
    expect(e.diagnostics).to.have.length(2);
    expect(e.log).to.contain('error: b');
  });

  it('falls back to the end of the log when no line has a location (linker errors)', () => {
    const e = new CompileError('linking', ['g++'], 'ld: something\ncollect2: error: ld returned 1 exit status\n');
    expect(e.message).to.contain('collect2: error: ld returned 1 exit status');
  });
});
