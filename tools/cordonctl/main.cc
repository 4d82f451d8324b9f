// cordonctl: Cordon from the command line (docs/cli.md).

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "tools/cordonctl/cli.h"

int main(int argc, char** argv) {
  cordonctl::Environment env;
  env.getenv = [](const char* name) { return std::getenv(name); };
  env.out = &std::cout;
  env.err = &std::cerr;
  env.stdout_is_tty = ::isatty(STDOUT_FILENO) == 1;
  return cordonctl::Run(std::vector<std::string>(argv + 1, argv + argc), env);
}
