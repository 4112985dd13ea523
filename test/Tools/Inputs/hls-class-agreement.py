#!/usr/bin/env python3
"""How often an HLS kernel classifies as the CPU target did: reads the
output population's spike counts ([batch, classes] float32) after the last
step from both (the CPU target's data/final.<buf>.bin, the kernel's as its
testbench wrote it with OUT_DIR), takes each batch entry's class (most
spikes, ties to the lower index) and prints the agreement. Exits with 1
when it is below MIN.

Usage: hls-class-agreement.py CPU.bin KERNEL.bin CLASSES MIN
"""
import struct
import sys


def read(path):
    data = open(path, "rb").read()
    return struct.unpack("<%df" % (len(data) // 4), data)


def classes(counts, n):
    rows = [counts[i:i + n] for i in range(0, len(counts), n)]
    return [max(range(n), key=lambda c: (row[c], -c)) for row in rows]


def main():
    cpu, kernel = read(sys.argv[1]), read(sys.argv[2])
    n, least = int(sys.argv[3]), float(sys.argv[4])
    if len(cpu) != len(kernel) or len(cpu) % n:
        sys.exit("the files do not hold the same [batch, %d] counts" % n)
    a, b = classes(cpu, n), classes(kernel, n)
    same = sum(x == y for x, y in zip(a, b)) / len(a)
    print("class agreement %.3f over %d entries (at least %.2f): %s"
          % (same, len(a), least, "OK" if same >= least else "TOO LOW"))
    sys.exit(0 if same >= least else 1)


if __name__ == "__main__":
    main()
