// cordon-bench: the engine's benchmarks (Google Benchmark), or with `grpc`
// as the first argument the load generator at the gRPC edge
// (tools/bench/grpc, docs/benchmarks.md).

#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "tools/bench/grpc/grpc_bench.h"

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "grpc") == 0) {
    return cordon::bench::grpc_load::RunGrpcBench(
        std::vector<std::string>(argv + 2, argv + argc), std::cout, std::cerr);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
