//===- NirFile.h - a NIR graph as stored in its HDF5 file -------*- C++ -*-===//
//
// NIR (the Neuromorphic Intermediate Representation, neuromorphs/NIR) keeps
// a graph in HDF5: `/node` is the graph, `/node/nodes/<name>` one group per
// node with a `type` string and one dataset per field, `/node/edges` an
// (E, 2) array of [source, destination] names; a node whose type is
// "NIRGraph" nests a graph (docs/nir.md). This reads such a file into plain
// C++ values, with no interpretation of the node types.
//
//===----------------------------------------------------------------------===//

#ifndef SNN_COMPILER_IMPORT_NIRFILE_H
#define SNN_COMPILER_IMPORT_NIRFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace mlir::snn::nir {

/// A numeric dataset as doubles, row-major, with its shape ({} for a
/// scalar).
struct Array {
  std::vector<int64_t> shape;
  std::vector<double> data;
  bool integer = false; // written as int64 (shapes, strides), else float64
  int64_t size() const { return static_cast<int64_t>(data.size()); }
};

struct Graph;

/// One node: its type string, its numeric and string fields, and for a
/// "NIRGraph" the nested graph.
struct Node {
  std::string name, type;
  std::map<std::string, Array> arrays;
  std::map<std::string, std::string> strings;
  std::unique_ptr<Graph> graph;
};

struct Graph {
  std::vector<Node> nodes; // in the file's (name) order
  std::vector<std::pair<std::string, std::string>> edges;
  const Node *find(llvm::StringRef name) const;
};

/// Field `field` of node `n` (called `name` in `file`'s errors) as numbers;
/// an error when it is missing or is a string.
llvm::Expected<const Array *> numbers(const Node &n, llvm::StringRef field,
                                      llvm::StringRef name,
                                      llvm::StringRef file);

/// Reads a NIR file from its bytes; `name` is what errors call it. Errors
/// name the file and the group or dataset that is missing or malformed.
llvm::Expected<Graph> readGraph(llvm::StringRef bytes, llvm::StringRef name);

/// The bytes of a NIR file holding `graph`, laid out as the `nir` package
/// writes it (version "1.0.8"): variable-length UTF-8 strings, one dataset
/// per field.
llvm::Expected<std::string> writeGraph(const Graph &graph);

} // namespace mlir::snn::nir

#endif // SNN_COMPILER_IMPORT_NIRFILE_H
