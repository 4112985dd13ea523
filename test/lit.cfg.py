# lit configuration of the snn regression suite.

import os
import shutil

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "snn"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.snn_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "unit", "robustness", "numeric", "reference",
                   "Inputs"]

config.substitutions.append(("%snn_src_root", config.snn_src_root))
config.substitutions.append(("%snn_obj_root", config.snn_obj_root))
config.substitutions.append(("%examples", os.path.join(config.snn_src_root, "examples")))
config.substitutions.append(("%snn_opt", os.path.join(config.snn_tools_dir, "snn-opt")))
config.substitutions.append(("%clang", os.path.join(config.llvm_tools_dir, "clang")))
config.substitutions.append(("%mlir_lib_dir", os.path.join(os.path.dirname(config.llvm_tools_dir), "lib")))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tool_dirs = [config.snn_tools_dir, config.llvm_tools_dir]
tools = ["snn-opt", "snn-compile", "snn-translate", "snn-robustness", "snn-fashion-mnist", "snn-neuroevolution", "snn-meta-learning", "snn-lifelong", "snn-federated", "snn-embed-example", "snn-embed-threads-example", "snn-diehl-cook", "snn-reward-example", "snn-conv-stdp-example", "snn-recurrent", "mlir-runner", "llvm-nm", "llvm-readelf"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# The CUDA target is built (SNN_ENABLE_CUDA).
if config.snn_enable_cuda.upper() in ("ON", "1", "TRUE", "YES"):
    config.available_features.add("cuda")

# The CUDA toolkit's assembler: the CUDA target's PTX is assembled in the
# suite when it is installed (no GPU is needed for that).
if shutil.which("ptxas"):
    config.available_features.add("ptxas")

# The HLS target's C simulation compiles the emitted C++ with g++
# (scripts/install-deps.sh installs it).
if shutil.which("g++"):
    config.available_features.add("g++")
