#ifndef CORDON_SERVER_VERSION_H_
#define CORDON_SERVER_VERSION_H_

namespace cordon {

// This build's version, from `git describe` at build time (target
// cordon_version, cmake/GenerateVersion.cmake): "0.2.0" on the v0.2.0 tag,
// "0.1.0-gabc1234" between tags, plain "0.1.0" outside git.
extern const char kVersion[];

}  // namespace cordon

#endif  // CORDON_SERVER_VERSION_H_
