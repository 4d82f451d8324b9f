# CORDON_SANITIZE=address,undefined or thread (tools/dev.sh test --sanitize=...,
# docs/reliability.md): every target of this build, our code and the tests,
# is compiled and linked with -fsanitize=<list>. Debian's libraries (gRPC,
# Abseil, RocksDB, protobuf) stay uninstrumented; ASan and UBSan need nothing
# from them, and TSan sees their pthread calls through its interceptors.
set(CORDON_SANITIZE "" CACHE STRING
    "Sanitizers for every target: address,undefined or thread (empty: none)")

if(CORDON_SANITIZE)
  if(CORDON_SANITIZE MATCHES "thread" AND CORDON_SANITIZE MATCHES "address")
    message(FATAL_ERROR "CORDON_SANITIZE: thread cannot be combined with address")
  endif()
  # Frame pointers keep the reports' stacks whole at -O2.
  set(sanitize_flags -fsanitize=${CORDON_SANITIZE} -fno-omit-frame-pointer)
  if(CORDON_SANITIZE MATCHES "undefined")
    # Undefined behaviour stops the test at the first report instead of
    # printing a line nobody reads in a passing run.
    list(APPEND sanitize_flags -fno-sanitize-recover=all)
  endif()
  add_compile_options(${sanitize_flags})
  add_link_options(-fsanitize=${CORDON_SANITIZE})
  # protoc's generated code is left out of ASan and UBSan like the rest of
  # protobuf: instrumented, one generated file compiles about three times
  # slower, and the sanitizer build is meant to fit CI's time budget. TSan
  # keeps it, since generated code touches shared messages.
  if(CORDON_SANITIZE MATCHES "address|undefined")
    set(CORDON_GENERATED_CODE_FLAGS -fno-sanitize=all)
  endif()
  # Test files at -O0 rather than -Og: with the sanitizers a unity batch of
  # tests compiles in 19.5 instead of 44.9 CPU-seconds (clang-14), and the
  # tests' time is spent in the server's libraries, which keep -O2.
  set(CORDON_TEST_OPTIMIZATION -O0)

  # ctest's environment, for tests and the processes they start: halt at the
  # first report, and the project's suppressions (tools/sanitizers/, each
  # entry says why). Options already in the environment come last and win.
  set(supp_dir ${PROJECT_SOURCE_DIR}/tools/sanitizers)
  set(asan "halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1")
  set(ubsan "halt_on_error=1:print_stacktrace=1:suppressions=${supp_dir}/ubsan.supp")
  set(lsan "suppressions=${supp_dir}/lsan.supp")
  set(tsan "halt_on_error=1:second_deadlock_stack=1:suppressions=${supp_dir}/tsan.supp")
  set(env_file ${CMAKE_BINARY_DIR}/CordonSanitizerEnv.cmake)
  file(WRITE ${env_file} "")
  foreach(var ASAN UBSAN LSAN TSAN)
    string(TOLOWER ${var} options)
    file(APPEND ${env_file}
         "set(ENV{${var}_OPTIONS} \"${${options}}:\$ENV{${var}_OPTIONS}\")\n")
  endforeach()
  # CTestTestfile.cmake includes this file, so plain `ctest` in the build
  # folder runs with the same environment as tools/dev.sh.
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${env_file})
endif()
