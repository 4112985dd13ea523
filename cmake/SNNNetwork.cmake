# snn_add_network(<target> <network.mlir> [NETWORK <name>] [CPU <cpu>]
#                 [THREADS] [OPTIONS <snn-compile option>...])
#
# Compiles an snn network with snn-compile and adds its object file to
# <target>; the generated header <name>.h is on <target>'s include path.
# <name> is the network's symbol (`snn.network @name`): the first network
# of the file when NETWORK is not given (a file may hold several; call
# snn_add_network once per network). CPU defaults to "host"; use "x86-64" for a
# portable baseline. THREADS compiles the large kernels into OpenMP loops
# (snn-compile --threads) and links libomp (SNN_OMP_LIBRARY, found in
# LLVM 22's library directory unless set); the program picks the thread
# count with OMP_NUM_THREADS or omp_set_num_threads, and the results do not
# depend on it. OPTIONS go to snn-compile as they are (for example
# --min-parallel-elements=N, --vectorize=false).
function(snn_add_network target mlir)
  cmake_parse_arguments(ARG "THREADS" "NETWORK;CPU" "OPTIONS" ${ARGN})
  get_filename_component(mlir "${mlir}" ABSOLUTE)
  if(NOT ARG_NETWORK)
    file(STRINGS "${mlir}" lines REGEX "snn\\.network @[A-Za-z0-9_]+")
    list(GET lines 0 first)
    string(REGEX MATCH "snn\\.network @([A-Za-z0-9_]+)" _ "${first}")
    set(ARG_NETWORK "${CMAKE_MATCH_1}")
  endif()
  if(NOT ARG_NETWORK)
    message(FATAL_ERROR "snn_add_network: no snn.network in ${mlir}")
  endif()
  if(NOT ARG_CPU)
    set(ARG_CPU host)
  endif()
  if(TARGET snn-compile)
    set(compiler $<TARGET_FILE:snn-compile>)
    set(compiler_dep snn-compile)
  else()
    find_program(compiler snn-compile REQUIRED)
    set(compiler_dep "")
  endif()
  set(threads "")
  if(ARG_THREADS)
    # Any count above 1 makes OpenMP loops; the count itself is chosen at
    # run time.
    set(threads --threads=2)
    if(NOT SNN_OMP_LIBRARY)
      find_library(SNN_OMP_LIBRARY NAMES omp
                   PATHS /usr/lib/llvm-22/lib ${LLVM_LIBRARY_DIR})
    endif()
    if(NOT SNN_OMP_LIBRARY)
      message(FATAL_ERROR "snn_add_network(${target} THREADS): libomp not "
                          "found; install libomp-22-dev or set SNN_OMP_LIBRARY")
    endif()
  endif()
  set(out "${CMAKE_CURRENT_BINARY_DIR}/snn-${target}-${ARG_NETWORK}")
  add_custom_command(
    OUTPUT "${out}/${ARG_NETWORK}.o" "${out}/${ARG_NETWORK}.h"
    COMMAND ${compiler} "${mlir}" --network=${ARG_NETWORK} --emit=obj
            --cpu=${ARG_CPU} ${threads}
            ${ARG_OPTIONS} -o "${out}"
    DEPENDS "${mlir}" ${compiler_dep}
    COMMENT "Compiling snn network @${ARG_NETWORK}"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}/${ARG_NETWORK}.o"
                                   "${out}/${ARG_NETWORK}.h")
  set_source_files_properties("${out}/${ARG_NETWORK}.o" PROPERTIES
                              EXTERNAL_OBJECT TRUE GENERATED TRUE)
  target_include_directories(${target} PRIVATE "${out}")
  target_link_libraries(${target} PRIVATE m)
  if(ARG_THREADS)
    target_link_libraries(${target} PRIVATE "${SNN_OMP_LIBRARY}")
  endif()
endfunction()

# snn_add_network_library(<program> <network.mlir> <name> <DEFINE>
#                         [OPTIONS <snn-compile option>...])
#
# For a program that loads its network through libsnnrt: compiles network
# @<name> of <network.mlir> with snn-compile --emit=lib into
# lib<name>.so (in <program>'s binary directory, net/), builds it before
# <program>, defines <DEFINE> as the library's path for <program>'s
# sources, and links <program> with libsnnrt. OPTIONS go to snn-compile
# (--threads=2, ...).
function(snn_add_network_library program mlir name define)
  cmake_parse_arguments(ARG "" "" "OPTIONS" ${ARGN})
  get_filename_component(mlir "${mlir}" ABSOLUTE)
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/net")
  add_custom_command(
    OUTPUT "${dir}/lib${name}.so" "${dir}/${name}.h"
    COMMAND $<TARGET_FILE:snn-compile> "${mlir}" --emit=lib ${ARG_OPTIONS}
            -o "${dir}"
    DEPENDS "${mlir}" snn-compile
    COMMENT "Compiling snn network @${name} into lib${name}.so"
    VERBATIM)
  add_custom_target(${program}-network DEPENDS "${dir}/lib${name}.so")
  add_dependencies(${program} ${program}-network)
  target_compile_definitions(${program} PRIVATE
    ${define}="${dir}/lib${name}.so")
  target_link_libraries(${program} PRIVATE snnrt)
endfunction()
