# CORDON_FUZZ with clang (tests/fuzz/README.md): every library is compiled
# with libFuzzer's coverage instrumentation (-fsanitize=fuzzer-no-link); only
# the fuzz_* executables link the libFuzzer driver (-fsanitize=fuzzer). A
# build that already sanitizes (CORDON_SANITIZE, tools/dev.sh --sanitize)
# keeps its own sanitizers; otherwise the fuzz build brings ASan and UBSan,
# with every UBSan finding fatal so that the fuzzer stops on it.
set(CORDON_FUZZ_TARGETS OFF)
if(NOT CORDON_FUZZ)
  return()
endif()
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(WARNING "CORDON_FUZZ needs clang (libFuzzer); no fuzz targets. "
                  "Configure with CC=clang-14 CXX=clang++-14.")
  return()
endif()
set(CORDON_FUZZ_TARGETS ON)
add_compile_options(-fsanitize=fuzzer-no-link)
if(NOT CORDON_SANITIZE)
  add_compile_options(-fsanitize=address,undefined
                      -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
