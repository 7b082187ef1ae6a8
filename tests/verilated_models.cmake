# Verilator models that test binaries link themselves (not through `bitloom sim`): each
# has its own class V<top> in a static archive, and is rebuilt only when its Verilog
# bytes change (the steps that write the Verilog leave unchanged files alone, and the
# Ninja generator re-checks their timestamps: BYPRODUCTS).
set(VERILATOR_INCLUDE /usr/share/verilator/include)
find_package(Threads REQUIRED)

# The model of TOP from the Verilog files that the shell pattern RTL names, in
# ${CMAKE_CURRENT_BINARY_DIR}/models/V<TOP>; sets <PREFIX>_ARCHIVE and <PREFIX>_DIR.
# -Wall: a lint warning fails the build. Further arguments: what the model depends on.
function(bitloom_verilated_model prefix top rtl)
  set(mdir ${CMAKE_CURRENT_BINARY_DIR}/models/V${top})
  add_custom_command(
    OUTPUT ${mdir}/V${top}__ALL.a
    COMMAND sh -c "verilator --cc -Wall -O1 --x-assign unique --x-initial unique --prefix V${top} --top-module ${top} --Mdir ${mdir} ${rtl}"
    COMMAND make -s -C ${mdir} -f V${top}.mk V${top}__ALL.a OPT_FAST=-O1
    DEPENDS ${ARGN}
    COMMENT "Verilating ${top}")
  set(${prefix}_ARCHIVE ${mdir}/V${top}__ALL.a PARENT_SCOPE)
  set(${prefix}_DIR ${mdir} PARENT_SCOPE)
endfunction()

# A GoogleTest executable (label rtl) linking the model archives: the Verilator runtime
# once, its headers as system headers, tb/seeded_main.cpp (--seed=N) and the seed support.
# ON_DEMAND: outside the default build and not discovered (a test of its own builds and
# runs it).
function(bitloom_verilated_test target)
  cmake_parse_arguments(ARG "ON_DEMAND" "" "SOURCES;ARCHIVES;MODEL_DIRS" ${ARGN})
  set(runtime ${VERILATOR_INCLUDE}/verilated.cpp ${VERILATOR_INCLUDE}/verilated_threads.cpp)
  set(exclude)
  if(ARG_ON_DEMAND)
    set(exclude EXCLUDE_FROM_ALL)
  endif()
  add_executable(${target} ${exclude} ${ARG_SOURCES} ${CMAKE_SOURCE_DIR}/tb/seeded_main.cpp
                 ${CMAKE_SOURCE_DIR}/tb/rtl_test_support.cpp ${runtime})
  # Verilator's own runtime is not ours to warn about.
  set_source_files_properties(${runtime} PROPERTIES COMPILE_OPTIONS -w)
  add_custom_target(${target}_models DEPENDS ${ARG_ARCHIVES})
  add_dependencies(${target} ${target}_models)
  target_include_directories(${target} PRIVATE ${CMAKE_SOURCE_DIR})
  target_include_directories(${target} SYSTEM PRIVATE ${VERILATOR_INCLUDE} ${VERILATOR_INCLUDE}/vltstd
                             ${ARG_MODEL_DIRS})
  target_link_libraries(${target} PRIVATE ${ARG_ARCHIVES} GTest::gtest fmt::fmt Threads::Threads)
  if(NOT ARG_ON_DEMAND)
    gtest_discover_tests(${target} PROPERTIES LABELS rtl DISCOVERY_MODE PRE_TEST NO_PRETTY_VALUES)
  endif()
endfunction()
