//===- LowerProducts.cpp - dense products as row loops ---------------------===//
//
// --snn-lower-products lowers the dense products of a step (delivery's
// linalg.matmul, and the two products of its adjoint that
// --snn-generate-adjoint tags `snn.product`) into loops whose innermost
// dimension is contiguous in memory and vectorised in 16 lanes:
//
//   "nn"  C[m, n] += A[m, k] B[k, n]   for each group of rows m: the list
//   "tn"  C[m, n] += A[k, m] B[k, n]   of the k where A[m, k] != 0 for some
//                                      m of the group (A[k, m] for "tn"),
//                                      then for each block of columns of
//                                      the group's rows, in registers:
//                                      += A B[k, block] for every listed k
//   "nt"  C[m, n] += A[m, k] B[n, k]   for m, n: C[m, n] += A[m, :] . B[n, :]
//                                      or, with K < 16 (a readout's few
//                                      neurons), B transposed into a stack
//                                      buffer [K, N] and then as "nn"
//
// Rows of C go in groups (`rows`, 4 by default, halved until it divides
// M), and each row of B a group lists is loaded once for all its rows:
// those loads bound the product, and with spikes of probability 0.29 a
// group of 4 lists about 0.75 K of them where 4 single rows list 1.16 K. The spikes that fired in none of a group's
// rows cost one test each (the event-driven form of a product with a
// batch); a row that is 0 at a listed k adds 0 B[k, ..], which leaves its
// sum as it is. A block of C is loaded and stored once per row, and each
// element of C is summed in the order of k, as the plain loops sum it,
// each step a fused multiply-add (one rounding; `contract=false` keeps a
// multiply and an add, and then equals the plain loops bit for bit:
// test/Integration/lower-products-bitwise.mlir). The list lives on the
// stack (K indices, and K values per row). With `parallel`, the loop over
// the groups is an scf.parallel (OpenMP threads; each thread owns rows of
// C, so the result does not depend on the thread count).
//
//===----------------------------------------------------------------------===//

#include "compiler/Transforms/Passes.h"
#include "compiler/Transforms/SpikeValues.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

namespace mlir::snn {
#define GEN_PASS_DEF_SNNLOWERPRODUCTS
#include "compiler/Transforms/Passes.h.inc"
} // namespace mlir::snn

using namespace mlir;
using namespace mlir::snn;

namespace {

constexpr int64_t kLanes = 16;
/// The largest B (elements) an "nt" product transposes onto the stack.
constexpr int64_t kTransposeLimit = 16384;

/// A product of static 2-D buffers in one of the three forms.
struct Product {
  Operation *op;
  std::string form; // nn, tn, nt
  Value a, b, c;
  int64_t m, n, k;
};

std::optional<Product> match(Operation *op) {
  Product p{op, "", {}, {}, {}, 0, 0, 0};
  if (auto mm = dyn_cast<linalg::MatmulOp>(op)) {
    if (!mm.hasPureBufferSemantics())
      return std::nullopt;
    // The default maps only (no transposes, no broadcasts).
    MLIRContext *ctx = op->getContext();
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineMap> want = {AffineMap::get(3, 0, {d(0), d(2)}, ctx),
                                   AffineMap::get(3, 0, {d(2), d(1)}, ctx),
                                   AffineMap::get(3, 0, {d(0), d(1)}, ctx)};
    if (mm.getIndexingMapsArray() != want)
      return std::nullopt;
    p.form = "nn";
    p.a = mm.getDpsInputOperand(0)->get();
    p.b = mm.getDpsInputOperand(1)->get();
    p.c = mm.getDpsInitsMutable()[0].get();
  } else if (auto g = dyn_cast<linalg::GenericOp>(op)) {
    auto form = g->getAttrOfType<StringAttr>(kProductAttr);
    if (!form || g.getNumDpsInputs() != 2 || g.getNumDpsInits() != 1 ||
        !g.hasPureBufferSemantics())
      return std::nullopt;
    p.form = form.str();
    p.a = g.getDpsInputOperand(0)->get();
    p.b = g.getDpsInputOperand(1)->get();
    p.c = g.getDpsInitsMutable()[0].get();
  } else {
    return std::nullopt;
  }
  auto ta = dyn_cast<MemRefType>(p.a.getType());
  auto tb = dyn_cast<MemRefType>(p.b.getType());
  auto tc = dyn_cast<MemRefType>(p.c.getType());
  if (!ta || !tb || !tc || !ta.hasStaticShape() || !tb.hasStaticShape() ||
      !tc.hasStaticShape() || ta.getRank() != 2 || tb.getRank() != 2 ||
      tc.getRank() != 2 || !tb.getElementType().isF32() ||
      !tc.getElementType().isF32() ||
      !ta.getLayout().isIdentity() || !tb.getLayout().isIdentity() ||
      !tc.getLayout().isIdentity())
    return std::nullopt;
  p.m = tc.getDimSize(0);
  p.n = tc.getDimSize(1);
  p.k = p.form == "tn" ? ta.getDimSize(0) : ta.getDimSize(1);
  return p;
}

struct Emitter {
  OpBuilder &b;
  Location loc;
  bool contract = true; // a * x + acc as one fused multiply-add
  Value c0 = arith::ConstantIndexOp::create(b, loc, 0);
  Value c1 = arith::ConstantIndexOp::create(b, loc, 1);
  Value lanes = arith::ConstantIndexOp::create(b, loc, kLanes);
  VectorType vec = VectorType::get({kLanes}, b.getF32Type());

  /// An index constant at `x`'s insertion point (`b` itself moves into the
  /// regions it builds).
  Value index(OpBuilder &x, int64_t v) {
    return arith::ConstantIndexOp::create(x, loc, v);
  }

  Value load(OpBuilder &ob, Value buf, ValueRange at, bool vector) {
    if (vector)
      return vector::LoadOp::create(ob, loc, vec, buf, at);
    return memref::LoadOp::create(ob, loc, buf, at);
  }
  void store(OpBuilder &ob, Value v, Value buf, ValueRange at, bool vector) {
    if (vector)
      vector::StoreOp::create(ob, loc, v, buf, at);
    else
      memref::StoreOp::create(ob, loc, v, buf, at);
  }

  /// The k where row m + r of A is non-zero for some r < rows ("nn":
  /// A[m + r, k]; "tn": the column A[k, m + r]), in order, into idx, and
  /// each row's values there into val[r, :]; returns their count. The
  /// append is branch-free: every k is stored at the end of the list,
  /// which advances only past those where some row is non-zero.
  Value compact(OpBuilder &ob, const Product &p, Value m, int64_t rows,
                Value idx, Value val) {
    auto loop = scf::ForOp::create(
        ob, loc, c0, index(ob, p.k), c1, ValueRange{c0},
        [&](OpBuilder &kb, Location, Value k, ValueRange n) {
          Value zero = arith::ConstantOp::create(kb, loc, kb.getF32FloatAttr(0.0f));
          Value any;
          for (int64_t r = 0; r < rows; ++r) {
            Value row = r ? arith::AddIOp::create(kb, loc, m, index(kb, r))
                                .getResult()
                          : m;
            Value s = p.form == "nn"
                          ? memref::LoadOp::create(kb, loc, p.a, ValueRange{row, k})
                          : memref::LoadOp::create(kb, loc, p.a, ValueRange{k, row});
            Value f = asF32(kb, loc, s);
            Value nz = arith::CmpFOp::create(kb, loc, arith::CmpFPredicate::ONE,
                                             f, zero);
            any = any ? arith::OrIOp::create(kb, loc, any, nz).getResult() : nz;
            memref::StoreOp::create(kb, loc, f, val,
                                    ValueRange{index(kb, r), n[0]});
          }
          memref::StoreOp::create(
              kb, loc, arith::IndexCastOp::create(kb, loc, kb.getI32Type(), k),
              idx, ValueRange{n[0]});
          Value next = arith::SelectOp::create(
              kb, loc, any, arith::AddIOp::create(kb, loc, n[0], c1), n[0]);
          scf::YieldOp::create(kb, loc, ValueRange{next});
        });
    return loop.getResult(0);
  }

  /// C[m + r, j .. j + width) += sum over the listed k of val[r, e]
  /// B[k, j ..] for each r < rows, with the blocks of C in `vectors`
  /// registers of 16 lanes per row (or one scalar when `vectors` is 0),
  /// summed in the order of the list. A row that is 0 at a listed k adds
  /// 0 * B[k, ..], which leaves its sum as it is.
  void block(OpBuilder &ob, const Product &p, Value m, int64_t rows, Value j,
             int64_t vectors, Value idx, Value val, Value count) {
    bool scalar = vectors == 0;
    int64_t n = scalar ? 1 : vectors;
    SmallVector<Value> cols, rowAt, accs;
    for (int64_t v = 0; v < n; ++v)
      cols.push_back(v ? arith::AddIOp::create(ob, loc, j, index(ob, v * kLanes))
                             .getResult()
                       : j);
    for (int64_t r = 0; r < rows; ++r) {
      rowAt.push_back(r ? arith::AddIOp::create(ob, loc, m, index(ob, r)).getResult()
                        : m);
      for (int64_t v = 0; v < n; ++v)
        accs.push_back(load(ob, p.c, {rowAt[r], cols[v]}, !scalar));
    }
    auto loop = scf::ForOp::create(
        ob, loc, c0, count, c1, accs,
        [&](OpBuilder &eb, Location, Value e, ValueRange acc) {
          Value k = arith::IndexCastOp::create(
              eb, loc, eb.getIndexType(),
              memref::LoadOp::create(eb, loc, idx, ValueRange{e}));
          SmallVector<Value> as;
          for (int64_t r = 0; r < rows; ++r) {
            Value a = memref::LoadOp::create(eb, loc, val,
                                             ValueRange{index(eb, r), e});
            as.push_back(scalar ? a : vector::BroadcastOp::create(eb, loc, vec, a));
          }
          SmallVector<Value> next(acc.begin(), acc.end());
          for (int64_t v = 0; v < n; ++v) {
            Value x = load(eb, p.b, {k, cols[v]}, !scalar);
            for (int64_t r = 0; r < rows; ++r)
              next[r * n + v] = multiplyAdd(eb, as[r], x, acc[r * n + v]);
          }
          scf::YieldOp::create(eb, loc, next);
        });
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t v = 0; v < n; ++v)
        store(ob, loop.getResult(r * n + v), p.c, {rowAt[r], cols[v]}, !scalar);
  }

  /// Rows m .. m + rows of C for "nn" and "tn": the list of where A is
  /// non-zero in them, then blocks of columns held in registers (up to 16
  /// vectors over the rows: 128 columns for one or two rows, 64 for four),
  /// of half that, of 16, and single columns.
  void eventRow(OpBuilder &sb, const Product &p, Value m, int64_t rows,
                Value idx, Value val) {
    Value count = compact(sb, p, m, rows, idx, val);
    // Up to 16 accumulators (8 vectors per row for one or two rows, 4 for
    // four): at least 8 independent chains of additions, enough to hide
    // their latency (4 were bound by it); then half that, 1 and single
    // columns.
    int64_t vectors = std::min<int64_t>(8, 16 / rows);
    const int64_t wide = vectors * kLanes, half = wide / 2;
    int64_t nWide = p.n / wide * wide;
    int64_t nHalf = vectors > 2 ? nWide + (p.n - nWide) / half * half : nWide;
    int64_t n16 = p.n / kLanes * kLanes;
    auto columns = [&](int64_t from, int64_t to, int64_t step, int64_t vecs) {
      if (from >= to)
        return;
      scf::ForOp::create(sb, loc, index(sb, from), index(sb, to),
                         index(sb, step), ValueRange{},
                         [&](OpBuilder &jb, Location, Value j, ValueRange) {
                           block(jb, p, m, rows, j, vecs, idx, val, count);
                           scf::YieldOp::create(jb, loc);
                         });
    };
    columns(0, nWide, wide, vectors);
    columns(nWide, nHalf, half, vectors / 2);
    columns(nHalf, n16, kLanes, 1);
    columns(n16, p.n, 1, 0);
  }

  /// a * x + acc: fused (one rounding) when `contract`.
  Value multiplyAdd(OpBuilder &ob, Value a, Value x, Value acc) {
    if (!contract)
      return arith::AddFOp::create(ob, loc, acc,
                                   arith::MulFOp::create(ob, loc, a, x));
    if (isa<VectorType>(a.getType()))
      return vector::FMAOp::create(ob, loc, a, x, acc);
    return math::FmaOp::create(ob, loc, a, x, acc);
  }

  /// For an "nt" product with few columns of A: B [N, K] transposed into
  /// a buffer [K, N] on the stack (allocated once, in the function's entry
  /// block), refilled here; the product is then the "nn" one with it.
  Product transposed(const Product &p) {
    auto fn = p.op->getParentOfType<func::FuncOp>();
    OpBuilder entry = OpBuilder::atBlockBegin(&fn.getBody().front());
    Value bt = memref::AllocaOp::create(
        entry, loc, MemRefType::get({p.k, p.n}, b.getF32Type()));
    scf::ForOp::create(
        b, loc, c0, index(b, p.n), c1, ValueRange{},
        [&](OpBuilder &nb, Location, Value n, ValueRange) {
          scf::ForOp::create(
              nb, loc, c0, index(nb, p.k), c1, ValueRange{},
              [&](OpBuilder &kb, Location, Value k, ValueRange) {
                Value x = memref::LoadOp::create(kb, loc, p.b, ValueRange{n, k});
                memref::StoreOp::create(kb, loc, x, bt, ValueRange{k, n});
                scf::YieldOp::create(kb, loc);
              });
          scf::YieldOp::create(nb, loc);
        });
    Product q = p;
    q.form = "nn";
    q.b = bt;
    return q;
  }

  /// The list of a group of rows: K indices and rows x K values on the
  /// stack.
  std::pair<Value, Value> listStorage(OpBuilder &at, const Product &p,
                                      int64_t rows) {
    return {memref::AllocaOp::create(at, loc,
                                     MemRefType::get({p.k}, at.getI32Type())),
            memref::AllocaOp::create(
                at, loc, MemRefType::get({rows, p.k}, at.getF32Type()))};
  }

  void emit(const Product &p, bool parallel, int64_t groupRows) {
    bool lists = p.form == "nn" || p.form == "tn";
    // Rows of C taken together share their loads of B: as many as asked
    // that divide M.
    int64_t rows = lists ? std::max<int64_t>(groupRows, 1) : 1;
    while (rows > 1 && p.m % rows)
      rows /= 2;
    // Sequential rows share one list, allocated once in the function's
    // entry block (an alloca inside the time loop would grow the stack
    // every step); a parallel row allocates its own, in the loop body,
    // which the OpenMP lowering scopes per iteration.
    std::pair<Value, Value> shared;
    if (lists && !parallel) {
      auto fn = p.op->getParentOfType<func::FuncOp>();
      OpBuilder entry = OpBuilder::atBlockBegin(&fn.getBody().front());
      shared = listStorage(entry, p, rows);
    }
    auto body = [&](OpBuilder &ob, Value m) {
      if (lists) {
        std::pair<Value, Value> list =
            parallel ? listStorage(ob, p, rows) : shared;
        eventRow(ob, p, m, rows, list.first, list.second);
        return;
      }
      // nt: C[m, n] += A[m, :] . B[n, :]
      scf::ForOp::create(
          ob, loc, c0, index(ob, p.n), c1, ValueRange{},
          [&](OpBuilder &nb, Location, Value n, ValueRange) {
            Value zero = arith::ConstantOp::create(nb, loc, nb.getF32FloatAttr(0.0f));
            Value vzero = arith::ConstantOp::create(
                nb, loc, DenseElementsAttr::get(vec, nb.getF32FloatAttr(0.0f)));
            int64_t whole = p.k / kLanes * kLanes;
            Value vacc = vzero;
            if (whole) {
              auto loop = scf::ForOp::create(
                  nb, loc, c0, index(nb, whole), lanes, ValueRange{vzero},
                  [&](OpBuilder &ib, Location, Value j, ValueRange acc) {
                    Value x = vector::LoadOp::create(ib, loc, vec, p.a, ValueRange{m, j});
                    Value y = vector::LoadOp::create(ib, loc, vec, p.b, ValueRange{n, j});
                    scf::YieldOp::create(ib, loc,
                                         ValueRange{multiplyAdd(ib, x, y, acc[0])});
                  });
              vacc = loop.getResult(0);
            }
            Value s = vector::ReductionOp::create(nb, loc,
                                                  vector::CombiningKind::ADD, vacc);
            auto tail = scf::ForOp::create(
                nb, loc, index(nb, whole), index(nb, p.k), c1, ValueRange{s},
                [&](OpBuilder &ib, Location, Value j, ValueRange acc) {
                  Value x = asF32(ib, loc, memref::LoadOp::create(ib, loc, p.a, ValueRange{m, j}));
                  Value y = memref::LoadOp::create(ib, loc, p.b, ValueRange{n, j});
                  scf::YieldOp::create(ib, loc,
                                       ValueRange{multiplyAdd(ib, x, y, acc[0])});
                });
            (void)zero;
            Value old = memref::LoadOp::create(nb, loc, p.c, ValueRange{m, n});
            memref::StoreOp::create(
                nb, loc, arith::AddFOp::create(nb, loc, old, tail.getResult(0)),
                p.c, ValueRange{m, n});
            scf::YieldOp::create(nb, loc);
          });
    };
    if (parallel) {
      scf::ParallelOp::create(b, loc, ValueRange{c0}, ValueRange{index(b, p.m)},
                              ValueRange{index(b, rows)},
                              [&](OpBuilder &ob, Location, ValueRange ivs) {
                                body(ob, ivs[0]);
                                scf::ReduceOp::create(ob, loc);
                              });
    } else {
      scf::ForOp::create(b, loc, c0, index(b, p.m), index(b, rows), ValueRange{},
                         [&](OpBuilder &ob, Location, Value m, ValueRange) {
                           body(ob, m);
                           scf::YieldOp::create(ob, loc);
                         });
    }
  }
};

struct LowerProducts : mlir::snn::impl::SNNLowerProductsBase<LowerProducts> {
  using SNNLowerProductsBase::SNNLowerProductsBase;

  void runOnOperation() override {
    SmallVector<Product> products;
    getOperation().walk([&](Operation *op) {
      if (auto p = match(op))
        products.push_back(*p);
    });
    for (Product &p : products) {
      // The "nt" form reads A in vectors: it must be f32 (the adjoint's
      // operands are); spikes (i8) are read one at a time by the others.
      if (p.form == "nt" &&
          !cast<MemRefType>(p.a.getType()).getElementType().isF32())
        continue;
      OpBuilder b(p.op);
      Emitter e{b, p.op->getLoc()};
      e.contract = contract;
      bool par = parallel && !inSequentialFunction(p.op) &&
                 p.m * p.n * p.k >= minParallelWork;
      // A few columns of A ("nt" with K < 16): its dot products would be
      // shorter than a vector, so B is transposed and the product is "nn".
      if (p.form == "nt" && p.k < kLanes && p.k * p.n <= kTransposeLimit)
        e.emit(e.transposed(p), par, rows);
      else
        e.emit(p, par, rows);
      p.op->erase();
    }
  }
};

} // namespace
