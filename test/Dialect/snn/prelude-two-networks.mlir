// Two networks using prelude models: the verifier checks them on two
// threads, and the first prelude lookup happens on both at once (the
// prelude once deadlocked here while verifying itself on the same thread
// pool). Run a few times, as the race needs both threads to meet.
// RUN: snn-opt %s | FileCheck %s
// RUN: snn-opt %s | FileCheck %s
// RUN: snn-opt %s | FileCheck %s
// RUN: snn-compile %s --network=b --emit=mlir -o %t && FileCheck %s --check-prefix=ONLY-B < %t/b.llvm.mlir
// RUN: not snn-compile %s --emit=mlir -o %t 2>&1 | FileCheck %s --check-prefix=CHOOSE
// RUN: not snn-compile %s --network=c --emit=mlir -o %t 2>&1 | FileCheck %s --check-prefix=UNKNOWN

// CHECK: snn.network @a
// CHECK: snn.network @b
snn.network @a dt 1.0 {
  snn.population @p 4 model @lif
  snn.population @q 4 model @diehl_cook
  snn.projection @pq @p -> @q connect #snn.dense plasticity @postpre
}
snn.network @b dt 1.0 {
  snn.population @p 4 model @alif
  snn.population @q 4 model @bindsnet_lif
  snn.projection @pq @p -> @q connect #snn.dense plasticity @hebbian
}
// ONLY-B: @b_run
// ONLY-B-NOT: @a_run
// CHOOSE: snn-compile: the input must hold exactly one snn.network, it has 2 (choose one with --network=NAME)
// UNKNOWN: snn-compile: --network=c: the input has no snn.network @c (it has @a, @b)
