# The version every binary reports (--version, cordon-server's start line,
# the HTTP User-Agent): cordon_version, a one-file library whose source
# GenerateVersion.cmake writes from `git describe` on every build. Only a
# changed version recompiles that file and relinks the binaries.
set(CORDON_GENERATED_DIR "${PROJECT_BINARY_DIR}/generated")
add_custom_target(cordon_version_source ALL
  COMMAND "${CMAKE_COMMAND}" -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
          -DPROJECT_VERSION=${PROJECT_VERSION} -DOUTPUT_DIR=${CORDON_GENERATED_DIR}
          -P "${PROJECT_SOURCE_DIR}/cmake/GenerateVersion.cmake"
  BYPRODUCTS "${CORDON_GENERATED_DIR}/cordon_version.cc"
             "${CORDON_GENERATED_DIR}/version.txt"
  COMMENT "Reading the version from git"
  VERBATIM)
cordon_library(cordon_version SRCS "${CORDON_GENERATED_DIR}/cordon_version.cc")
add_dependencies(cordon_version cordon_version_source)
