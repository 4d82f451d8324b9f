# Read by cpack at packaging time (CPACK_PROJECT_CONFIG_FILE): the package
# version is the build's git version (build/generated/version.txt). Debian
# versions must start with a digit and take no '-' in an upstream part
# without a revision: 0.2.0-3-gabc1234-dirty becomes 0.2.0+3.gabc1234.dirty.
if(EXISTS "${CPACK_CORDON_VERSION_FILE}")
  file(STRINGS "${CPACK_CORDON_VERSION_FILE}" cordon_version LIMIT_COUNT 1)
  string(REPLACE "-" "." cordon_version "${cordon_version}")
  string(REGEX REPLACE "^([0-9]+\\.[0-9]+\\.[0-9]+)\\." "\\1+" cordon_version
         "${cordon_version}")
  set(CPACK_PACKAGE_VERSION "${cordon_version}")
  set(CPACK_DEBIAN_PACKAGE_VERSION "${cordon_version}")
endif()
