//===- NirFile.cpp - reading a NIR graph from HDF5 ------------------------===//
//
// Through the HDF5 C library, from an in-memory file image (so stdin works
// too). What the `nir` Python package writes: strings as variable- or
// fixed-length (UTF-8 or ASCII), numbers of any float or integer type,
// scalars or N-d arrays, an empty edge list as a (0,) numeric dataset.
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/NirFile.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"

#include <hdf5.h>

#include <cstring>

using namespace mlir::snn::nir;
using llvm::Twine;

llvm::Expected<const Array *> mlir::snn::nir::numbers(const Node &n,
                                                     llvm::StringRef field,
                                                     llvm::StringRef name,
                                                     llvm::StringRef file) {
  if (auto it = n.arrays.find(field.str()); it != n.arrays.end())
    return &it->second;
  std::string why = n.strings.count(field.str())
                        ? "'" + field.str() + "' must be numbers; the file has "
                                              "a string"
                        : "NIR " + n.type + " needs '" + field.str() + "'";
  return llvm::createStringError(file + ": node '" + name + "': " + why);
}

const Node *Graph::find(llvm::StringRef name) const {
  for (const Node &n : nodes)
    if (n.name == name)
      return &n;
  return nullptr;
}

namespace {

/// Closes an HDF5 handle when it goes out of scope.
class Handle {
public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id(id), close(close) {}
  Handle(const Handle &) = delete;
  Handle &operator=(const Handle &) = delete;
  ~Handle() {
    if (id >= 0)
      close(id);
  }
  operator hid_t() const { return id; }
  bool ok() const { return id >= 0; }

private:
  hid_t id;
  herr_t (*close)(hid_t);
};

class Reader {
public:
  explicit Reader(llvm::StringRef file) : file(file.str()) {}

  llvm::Expected<Graph> graph(hid_t group, const std::string &where);
  /// The file's graph, `/node`.
  llvm::Expected<Graph> top(hid_t root) {
    H5O_info_t info;
    if (H5Oget_info2(root, &info, H5O_INFO_BASIC) >= 0)
      open.push_back(info.addr);
    return graph(root, "/node");
  }

private:
  llvm::Error fail(const std::string &where, const Twine &what) const {
    return llvm::createStringError(file + ": " + where + ": " + what);
  }
  /// Whether `group` has a member `name` that is its own (a hard link:
  /// soft and external links are not followed).
  bool has(hid_t group, const char *name) const {
    H5L_info_t info;
    return H5Lexists(group, name, H5P_DEFAULT) > 0 &&
           H5Lget_info(group, name, &info, H5P_DEFAULT) >= 0 &&
           info.type == H5L_TYPE_HARD;
  }
  llvm::Expected<std::string> string(hid_t group, const char *name,
                                     const std::string &where);
  llvm::Expected<std::vector<std::string>> strings(hid_t dataset,
                                                   const std::string &where);
  llvm::Expected<Array> array(hid_t dataset, const std::string &where);
  llvm::Expected<Node> node(hid_t group, const std::string &name,
                            const std::string &where);
  llvm::Expected<std::vector<std::string>> list(hid_t group,
                                                const std::string &where);

  std::string file;
  std::vector<haddr_t> open; // the graph groups being read: no cycles
};

/// The names of a group's members, in the file's order; a member that is
/// a soft or external link is named in `links` (a NIR file has none, and
/// an external one would reach other files).
bool members(hid_t group, std::vector<std::string> &names,
             std::vector<std::string> &links) {
  struct Out {
    std::vector<std::string> *names, *links;
  } out{&names, &links};
  return H5Literate(
             group, H5_INDEX_NAME, H5_ITER_INC, nullptr,
             [](hid_t, const char *name, const H5L_info_t *info,
                void *data) -> herr_t {
               auto *o = static_cast<Out *>(data);
               (info->type == H5L_TYPE_HARD ? o->names : o->links)
                   ->push_back(name);
               return 0;
             },
             &out) >= 0;
}

llvm::Expected<std::vector<std::string>>
Reader::list(hid_t group, const std::string &where) {
  std::vector<std::string> names, links;
  if (!members(group, names, links))
    return fail(where, "cannot list its members");
  if (!links.empty())
    return fail(where + "/" + links.front(),
                "is a soft or external link; a NIR file holds its groups");
  return names;
}

llvm::Expected<std::vector<std::string>>
Reader::strings(hid_t dataset, const std::string &where) {
  Handle type(H5Dget_type(dataset), H5Tclose);
  Handle space(H5Dget_space(dataset), H5Sclose);
  if (!type.ok() || !space.ok() || H5Tget_class(type) != H5T_STRING)
    return fail(where, "expected a string");
  hssize_t count = H5Sget_simple_extent_npoints(space);
  std::vector<std::string> out;
  if (count <= 0)
    return out;
  if (H5Tis_variable_str(type) > 0) {
    std::vector<char *> raw(static_cast<size_t>(count), nullptr);
    Handle memType(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(memType, H5T_VARIABLE);
    H5Tset_cset(memType, H5Tget_cset(type));
    if (H5Dread(dataset, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0)
      return fail(where, "cannot read the string");
    for (char *s : raw)
      out.push_back(s ? s : "");
    H5Dvlen_reclaim(memType, space, H5P_DEFAULT, raw.data());
    return out;
  }
  size_t width = H5Tget_size(type);
  std::vector<char> raw(width * static_cast<size_t>(count) + 1, '\0');
  Handle memType(H5Tcopy(type), H5Tclose);
  if (H5Dread(dataset, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0)
    return fail(where, "cannot read the string");
  for (hssize_t i = 0; i < count; ++i) {
    const char *s = raw.data() + static_cast<size_t>(i) * width;
    out.emplace_back(s, strnlen(s, width));
  }
  return out;
}

llvm::Expected<std::string> Reader::string(hid_t group, const char *name,
                                           const std::string &where) {
  std::string at = where + "/" + name;
  if (!has(group, name))
    return fail(where, Twine("missing '") + name + "'");
  Handle dataset(H5Dopen2(group, name, H5P_DEFAULT), H5Dclose);
  if (!dataset.ok())
    return fail(at, "is not a dataset");
  auto values = strings(dataset, at);
  if (!values)
    return values.takeError();
  if (values->size() != 1)
    return fail(at, "expected one string");
  return (*values)[0];
}

llvm::Expected<Array> Reader::array(hid_t dataset, const std::string &where) {
  Handle type(H5Dget_type(dataset), H5Tclose);
  Handle space(H5Dget_space(dataset), H5Sclose);
  H5T_class_t kind = type.ok() ? H5Tget_class(type) : H5T_NO_CLASS;
  if (kind != H5T_FLOAT && kind != H5T_INTEGER && kind != H5T_ENUM)
    return fail(where, "expected numbers");
  Array a;
  int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0 || H5Sget_simple_extent_type(space) == H5S_NULL)
    return fail(where, "has no data");
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  // No network has more than 2^31 of anything (the dialect's limit).
  const uint64_t limit = uint64_t(1) << 31;
  uint64_t count = 1;
  for (hsize_t d : dims) {
    if (d > limit || (d && count > limit / d))
      return fail(where, "holds more than 2^31 values");
    a.shape.push_back(static_cast<int64_t>(d));
    count *= d;
  }
  a.data.resize(count);
  if (count && H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                       H5P_DEFAULT, a.data.data()) < 0)
    return fail(where, "cannot be read as numbers");
  return a;
}

llvm::Expected<Node> Reader::node(hid_t group, const std::string &name,
                                  const std::string &where) {
  Node n;
  n.name = name;
  auto type = string(group, "type", where);
  if (!type)
    return type.takeError();
  n.type = *type;
  if (n.type == "NIRGraph") {
    H5O_info_t info;
    if (H5Oget_info2(group, &info, H5O_INFO_BASIC) < 0)
      return fail(where, "cannot be read");
    if (llvm::is_contained(open, info.addr) || open.size() > 64)
      return fail(where, "links back to a graph that contains it");
    open.push_back(info.addr);
    auto g = graph(group, where);
    open.pop_back();
    if (!g)
      return g.takeError();
    n.graph = std::make_unique<Graph>(std::move(*g));
    return n;
  }
  auto fields = list(group, where);
  if (!fields)
    return fields.takeError();
  for (const std::string &field : *fields) {
    if (field == "type" || field == "metadata")
      continue;
    std::string at = where + "/" + field;
    H5O_info_t info;
    if (H5Oget_info_by_name2(group, field.c_str(), &info, H5O_INFO_BASIC,
                             H5P_DEFAULT) < 0 ||
        info.type != H5O_TYPE_DATASET)
      return fail(at, "is not a dataset");
    Handle dataset(H5Dopen2(group, field.c_str(), H5P_DEFAULT), H5Dclose);
    Handle dtype(H5Dget_type(dataset), H5Tclose);
    if (H5Tget_class(dtype) == H5T_STRING) {
      auto value = string(group, field.c_str(), where);
      if (!value)
        return value.takeError();
      n.strings[field] = *value;
      continue;
    }
    auto a = array(dataset, at);
    if (!a)
      return a.takeError();
    n.arrays[field] = std::move(*a);
  }
  return n;
}

llvm::Expected<Graph> Reader::graph(hid_t group, const std::string &where) {
  Graph g;
  if (!has(group, "nodes"))
    return fail(where, "missing the group 'nodes'");
  Handle nodes(H5Gopen2(group, "nodes", H5P_DEFAULT), H5Gclose);
  if (!nodes.ok())
    return fail(where + "/nodes", "is not a group");
  auto members = list(nodes, where + "/nodes");
  if (!members)
    return members.takeError();
  for (const std::string &name : *members) {
    std::string at = where + "/nodes/" + name;
    Handle sub(H5Gopen2(nodes, name.c_str(), H5P_DEFAULT), H5Gclose);
    if (!sub.ok())
      return fail(at, "is not a group");
    auto n = node(sub, name, at);
    if (!n)
      return n.takeError();
    g.nodes.push_back(std::move(*n));
  }
  if (!has(group, "edges"))
    return fail(where, "missing 'edges'");
  std::string at = where + "/edges";
  Handle edges(H5Dopen2(group, "edges", H5P_DEFAULT), H5Dclose);
  if (!edges.ok())
    return fail(at, "is not a dataset");
  Handle type(H5Dget_type(edges), H5Tclose);
  if (H5Tget_class(type) != H5T_STRING) {
    // No edges: the writer stores an empty list as a (0,) number array.
    auto a = array(edges, at);
    if (!a)
      return a.takeError();
    if (a->size() != 0)
      return fail(at, "expected [source, destination] name pairs");
    return g;
  }
  Handle space(H5Dget_space(edges), H5Sclose);
  int rank = H5Sget_simple_extent_ndims(space);
  hsize_t dims[2] = {0, 0};
  if (rank != 2 || (H5Sget_simple_extent_dims(space, dims, nullptr), dims[1] != 2))
    return fail(at, "expected an (E, 2) array of [source, destination] names");
  auto names = strings(edges, at);
  if (!names)
    return names.takeError();
  for (size_t i = 0; i + 1 < names->size(); i += 2)
    g.edges.emplace_back((*names)[i], (*names)[i + 1]);
  return g;
}

/// Whether `bytes` carries HDF5's signature where a superblock may start
/// (offset 0, 512, 1024, ...).
bool looksLikeHdf5(llvm::StringRef bytes) {
  static const char signature[] = "\x89HDF\r\n\x1a\n";
  for (size_t at = 0; at + 8 <= bytes.size(); at = at ? at * 2 : 512)
    if (bytes.substr(at, 8) == llvm::StringRef(signature, 8))
      return true;
  return false;
}

} // namespace

llvm::Expected<Graph> mlir::snn::nir::readGraph(llvm::StringRef bytes,
                                                llvm::StringRef name) {
  if (!looksLikeHdf5(bytes))
    return llvm::createStringError(name + ": not an HDF5 file (a NIR graph "
                                          "is stored in HDF5)");
  // Errors are reported here, with the file's names, not on stderr.
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fapl_core(fapl, 64 * 1024, false);
  std::vector<char> image(bytes.begin(), bytes.end());
  H5Pset_file_image(fapl, image.data(), image.size());
  // The core driver reads the image; a name that is no file on disk keeps
  // it from looking at one.
  Handle file(H5Fopen("<snnc nir image>", H5F_ACC_RDONLY, fapl), H5Fclose);
  if (!file.ok())
    return llvm::createStringError(name + ": cannot be opened as HDF5");
  Reader reader(name);
  H5L_info_t link;
  if (H5Lexists(file, "node", H5P_DEFAULT) <= 0 ||
      H5Lget_info(file, "node", &link, H5P_DEFAULT) < 0 ||
      link.type != H5L_TYPE_HARD)
    return llvm::createStringError(name + ": missing the group 'node' (the "
                                          "graph of a NIR file)");
  Handle root(H5Gopen2(file, "node", H5P_DEFAULT), H5Gclose);
  if (!root.ok())
    return llvm::createStringError(name + ": /node is not a group");
  return reader.top(root);
}

namespace {

/// Writes groups and datasets the way `nir.write` lays them out.
class Writer {
public:
  bool ok = true;

  void string(hid_t group, const char *name, const std::string &value) {
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    Handle set(H5Dcreate2(group, name, type, space, H5P_DEFAULT, H5P_DEFAULT,
                          H5P_DEFAULT),
               H5Dclose);
    const char *text = value.c_str();
    ok &= set.ok() && H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                               &text) >= 0;
  }

  void array(hid_t group, const char *name, const Array &a) {
    std::vector<hsize_t> dims(a.shape.begin(), a.shape.end());
    Handle space(dims.empty() ? H5Screate(H5S_SCALAR)
                              : H5Screate_simple(int(dims.size()), dims.data(),
                                                 nullptr),
                 H5Sclose);
    hid_t fileType = a.integer ? H5T_STD_I64LE : H5T_IEEE_F64LE;
    Handle set(H5Dcreate2(group, name, fileType, space, H5P_DEFAULT,
                          H5P_DEFAULT, H5P_DEFAULT),
               H5Dclose);
    if (!set.ok()) {
      ok = false;
      return;
    }
    if (a.data.empty())
      return;
    if (a.integer) {
      std::vector<int64_t> v(a.data.begin(), a.data.end());
      ok &= H5Dwrite(set, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                     v.data()) >= 0;
    } else {
      ok &= H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                     a.data.data()) >= 0;
    }
  }

  void graph(hid_t group, const Graph &g) {
    string(group, "type", "NIRGraph");
    Handle nodes(H5Gcreate2(group, "nodes", H5P_DEFAULT, H5P_DEFAULT,
                            H5P_DEFAULT),
                 H5Gclose);
    for (const Node &n : g.nodes) {
      Handle sub(H5Gcreate2(nodes, n.name.c_str(), H5P_DEFAULT, H5P_DEFAULT,
                            H5P_DEFAULT),
                 H5Gclose);
      if (!sub.ok()) {
        ok = false;
        return;
      }
      if (n.graph) {
        graph(sub, *n.graph);
        continue;
      }
      string(sub, "type", n.type);
      for (const auto &[name, a] : n.arrays)
        array(sub, name.c_str(), a);
      for (const auto &[name, value] : n.strings)
        string(sub, name.c_str(), value);
    }
    if (g.edges.empty()) {
      // What the nir package writes for an empty edge list.
      array(group, "edges", Array{{0}, {}, false});
      return;
    }
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    hsize_t dims[2] = {g.edges.size(), 2};
    Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose);
    Handle set(H5Dcreate2(group, "edges", type, space, H5P_DEFAULT,
                          H5P_DEFAULT, H5P_DEFAULT),
               H5Dclose);
    std::vector<const char *> names;
    for (const auto &[from, to] : g.edges) {
      names.push_back(from.c_str());
      names.push_back(to.c_str());
    }
    ok &= set.ok() && H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                               names.data()) >= 0;
  }
};

} // namespace

llvm::Expected<std::string> mlir::snn::nir::writeGraph(const Graph &graph) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fapl_core(fapl, 64 * 1024, false);
  Handle file(H5Fcreate("<snnc nir image>", H5F_ACC_TRUNC, H5P_DEFAULT, fapl),
              H5Fclose);
  if (!file.ok())
    return llvm::createStringError("cannot create an HDF5 image in memory");
  Writer w;
  w.string(file, "version", "1.0.8");
  {
    Handle root(H5Gcreate2(file, "node", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                H5Gclose);
    w.graph(root, graph);
  }
  H5Fflush(file, H5F_SCOPE_GLOBAL);
  ssize_t size = H5Fget_file_image(file, nullptr, 0);
  if (!w.ok || size <= 0)
    return llvm::createStringError("writing the NIR graph to HDF5 failed");
  std::string bytes(static_cast<size_t>(size), '\0');
  if (H5Fget_file_image(file, bytes.data(), bytes.size()) != size)
    return llvm::createStringError("reading back the HDF5 image failed");
  return bytes;
}
