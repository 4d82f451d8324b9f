#ifndef CORDON_SERVER_PORTS_RANDOM_SOURCE_H_
#define CORDON_SERVER_PORTS_RANDOM_SOURCE_H_

namespace cordon::ports {

// Randomness for decisions such as retry jitter (not for secrets: see
// Entropy). The simulator passes its one seeded generator so a run replays.
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Uniform in [0, 1).
  virtual double Uniform01() = 0;
};

}  // namespace cordon::ports

#endif  // CORDON_SERVER_PORTS_RANDOM_SOURCE_H_
