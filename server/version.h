#ifndef CORDON_SERVER_VERSION_H_
#define CORDON_SERVER_VERSION_H_

namespace cordon {

inline constexpr char kVersion[] = "0.1.0";

}  // namespace cordon

#endif  // CORDON_SERVER_VERSION_H_
