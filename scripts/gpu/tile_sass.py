"""SASS instruction counts of the decode kernels' steady-state loops (issue #7, v11 NOTES.md).

usage: python3 scripts/gpu/tile_sass.py <all.sass> [name-regex]
<all.sass> is `cuobjdump -sass` of the module's cubin. For every kernel whose mangled name matches
the regex, finds its loops (a backward BRA to an earlier address) and prints, for the one densest in mma,
its instruction count and opcode histogram. The caller divides by the weight bytes one pass of
that loop consumes (U chunks x NT n-tiles x 512 bytes for decode_tile_kernel).
"""
import collections
import re
import sys

INSN = re.compile(r"/\*([0-9a-f]{4,})\*/\s+(@!?U?P\w+\s+)?([A-Z][A-Z0-9_.]*)([^;]*);")


def functions(path):
    name, body = None, []
    for line in open(path):
        m = re.search(r"Function : (\S+)", line)
        if m:
            if name:
                yield name, body
            name, body = m.group(1), []
        elif name:
            i = INSN.search(line)
            if i:
                body.append((int(i.group(1), 16), i.group(3), i.group(4)))
    if name:
        yield name, body


def loops(body):
    """(start, end) address pairs of backward branches."""
    out = []
    for addr, op, rest in body:
        if op.startswith("BRA"):
            m = re.search(r"0x([0-9a-f]+)", rest)
            if m and int(m.group(1), 16) < addr:
                out.append((int(m.group(1), 16), addr))
    return out


def main():
    pat = re.compile(sys.argv[2] if len(sys.argv) > 2 else "decode_tile")
    for name, body in functions(sys.argv[1]):
        if not pat.search(name):
            continue
        ls = loops(body)
        if not ls:
            print(f"{name}: no loop")
            continue
        mma = [se for se in ls if any(op.startswith("HMMA") for a, op, _ in body if se[0] <= a <= se[1])]
        if not mma:
            print(f"{name}: no loop with an mma")
            continue
        # the steady-state loop: the one whose instructions are most often mma (outer loops that
        # also hold the prologue or epilogue are diluted)
        def density(se):
            ops = [op for a, op, _ in body if se[0] <= a <= se[1]]
            return sum(op.startswith("HMMA") for op in ops) / len(ops)
        start, end = max(mma, key=density)
        ops = [op for addr, op, _ in body if start <= addr <= end]
        hist = collections.Counter(op.split(".")[0] for op in ops)
        print(f"{name}\n  loop {start:#x}-{end:#x}: {len(ops)} instructions; "
              + " ".join(f"{k}:{v}" for k, v in hist.most_common()))


if __name__ == "__main__":
    main()
