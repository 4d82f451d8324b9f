# `cpack -G DEB --config build/CPackConfig.cmake`: cordon-server_<version>_<arch>.deb
# with the server and systemd components (docs/packaging.md). The binary is
# stripped in the package only; the build tree keeps its line tables.
if(CORDON_BUGGIFY)
  message(STATUS "cpack would package a cordon-server with the simulator's "
                 "BUGGIFY sites compiled in (inert); configure a release with "
                 "-DCORDON_BUGGIFY=OFF (docs/packaging.md)")
endif()
set(CPACK_PACKAGE_NAME cordon-server)
set(CPACK_PACKAGE_VENDOR "Cordon")
set(CPACK_PACKAGE_CONTACT "Cordon maintainers <cordon@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "contains compromised Microsoft 365 identities (gRPC server)")
set(CPACK_PACKAGE_DESCRIPTION
    "Cordon is a gRPC server a SOC runs to isolate compromised Microsoft 365
identities and escalate to partner admins. This package installs
cordon-server with a hardened systemd unit, running as the system user
cordon with its data in /var/lib/cordon and its flags in
/etc/cordon/cordon-server.flags.")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL server systemd)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_DEBIAN_PACKAGE_NAME cordon-server)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://cordon.example.invalid/")
# The version from git (cmake/GenerateVersion.cmake), read when cpack runs
# (CordonCPackProject.cmake), so a package built after a new commit or tag
# carries it without a re-configure.
set(CPACK_PROJECT_CONFIG_FILE "${PROJECT_SOURCE_DIR}/cmake/CordonCPackProject.cmake")
set(CPACK_CORDON_VERSION_FILE "${PROJECT_BINARY_DIR}/generated/version.txt")
# Debian's libraries it links (gRPC, protobuf, RocksDB, abseil, OpenSSL,
# curl, httplib, ldap...), found by dpkg-shlibdeps; adduser for postinst.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${PROJECT_SOURCE_DIR}/packaging/debian/conffiles"
    "${PROJECT_SOURCE_DIR}/packaging/debian/postinst"
    "${PROJECT_SOURCE_DIR}/packaging/debian/prerm"
    "${PROJECT_SOURCE_DIR}/packaging/debian/postrm")
include(CPack)
