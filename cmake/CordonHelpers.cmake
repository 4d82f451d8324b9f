option(CORDON_UNITY_LIBRARIES "Compile library sources in batches of eight" ON)

# cordon_library(NAME SRCS ... DEPS ...): a static library with our warning flags.
function(cordon_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SRCS})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_compile_options(${name} PRIVATE ${CORDON_WARNINGS})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  # Eight sources per compiler run, as for the tests below: most of a
  # source's compile time is the headers it shares with its neighbours
  # (gRPC, protobuf, Abseil, the generated protos). A file-local helper
  # therefore needs a name its batch-mates do not use.
  if(CORDON_UNITY_LIBRARIES)
    set_target_properties(${name} PROPERTIES UNITY_BUILD ON
                          UNITY_BUILD_BATCH_SIZE 8)
  endif()
endfunction()

option(CORDON_UNITY_TESTS "Compile test files in batches of eight" ON)

# cordon_test(NAME SRCS ... DEPS ...): a GoogleTest binary registered with ctest.
function(cordon_test name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  # Test code is optimized for compile time (-Og, after the build type's
  # -O2): it is half of a full build, and what it exercises — the server's
  # libraries, RocksDB, gRPC — keeps its own optimization.
  # (Sanitizer builds use -O0 instead: cmake/CordonSanitize.cmake.)
  if(NOT CORDON_TEST_OPTIMIZATION)
    set(CORDON_TEST_OPTIMIZATION -Og)
  endif()
  target_compile_options(${name} PRIVATE ${CORDON_WARNINGS} ${CORDON_TEST_OPTIMIZATION})
  # Eight test files per compiler run: they share most of their headers
  # (gtest, gRPC, the generated protos), so this halves the tests' compile
  # time. Each test file therefore names its file-local namespace after
  # itself instead of leaving it anonymous (docs/decisions.md).
  foreach(src ${ARG_SRCS})
    file(STRINGS ${src} anonymous REGEX "^namespace {$")
    if(anonymous)
      message(FATAL_ERROR "${src}: name the file-local namespace after the "
                          "file (namespace <file stem> {), not anonymous: test "
                          "files are compiled together in batches")
    endif()
  endforeach()
  if(CORDON_UNITY_TESTS)
    set_target_properties(${name} PROPERTIES UNITY_BUILD ON
                          UNITY_BUILD_BATCH_SIZE 8)
  endif()
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${ARG_LABELS}")
endfunction()
include(GoogleTest)

# Every target `target` links, directly or through other targets, into the
# variable named by `out_var` (generator expressions such as $<LINK_ONLY:x>
# are unwrapped).
function(cordon_linked_targets target out_var)
  set(seen)
  set(queue ${target})
  while(queue)
    list(POP_FRONT queue current)
    if(current IN_LIST seen OR NOT TARGET ${current})
      continue()
    endif()
    list(APPEND seen ${current})
    get_target_property(type ${current} TYPE)
    set(links)
    if(NOT type STREQUAL "INTERFACE_LIBRARY")
      get_target_property(direct ${current} LINK_LIBRARIES)
      if(direct)
        list(APPEND links ${direct})
      endif()
    endif()
    get_target_property(interface ${current} INTERFACE_LINK_LIBRARIES)
    if(interface)
      list(APPEND links ${interface})
    endif()
    foreach(link ${links})
      string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" link "${link}")
      list(APPEND queue ${link})
    endforeach()
  endwhile()
  set(${out_var} ${seen} PARENT_SCOPE)
endfunction()

# cordon_forbid_links(TARGETS ... FORBIDDEN ...): fails the configure step
# when one of TARGETS links one of FORBIDDEN, however indirectly. Keeps the
# layering of docs/architecture.md from eroding one convenient link at a time.
function(cordon_forbid_links)
  cmake_parse_arguments(ARG "" "" "TARGETS;FORBIDDEN" ${ARGN})
  foreach(target ${ARG_TARGETS})
    cordon_linked_targets(${target} linked)
    foreach(forbidden ${ARG_FORBIDDEN})
      if(forbidden IN_LIST linked)
        message(FATAL_ERROR "${target} links ${forbidden}, which its layer must not "
                            "(docs/architecture.md, 'Layers')")
      endif()
    endforeach()
  endforeach()
endfunction()
