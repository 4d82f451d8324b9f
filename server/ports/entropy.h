#ifndef CORDON_SERVER_PORTS_ENTROPY_H_
#define CORDON_SERVER_PORTS_ENTROPY_H_

#include <cstddef>
#include <string>

namespace cordon::ports {

// Unpredictable bytes for secrets (API keys). The server uses the operating
// system's CSPRNG; the simulator substitutes its seeded generator so a run
// replays byte for byte.
class Entropy {
 public:
  virtual ~Entropy() = default;
  virtual std::string Bytes(size_t count) = 0;
};

}  // namespace cordon::ports

#endif  // CORDON_SERVER_PORTS_ENTROPY_H_
