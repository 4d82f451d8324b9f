# `cmake --install build [--prefix DIR] [--component C]`: what each
# component puts where (docs/packaging.md).
#   server   cordon-server, its --help text, the licence
#   tools    cordon-sim, cordon-agent, cordonctl (with its bash completion),
#            their --help texts
#   systemd  the unit and /etc/cordon/cordon-server.flags; only for the
#            .deb (cpack), never in a plain install, which must not write
#            /etc on a developer's machine
# The SDK (sdk) and cordonctl (cli) add their own rules beside their code.
# Man pages: absl's --help output wraps descriptions over several lines,
# which help2man turns into broken paragraphs, so the --help texts are
# installed as they are, to share/doc/cordon/help/<program>.txt.
include(GNUInstallDirs)

set(CORDON_HELP_DIR "${PROJECT_BINARY_DIR}/help")

# cordon_install_program(TARGET COMPONENT): the binary and its --help text,
# written at build time by the binary itself (absl exits 1 after --help).
function(cordon_install_program target component)
  set(help "${CORDON_HELP_DIR}/${target}.txt")
  add_custom_command(OUTPUT "${help}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${CORDON_HELP_DIR}"
    COMMAND sh -c "\"$1\" --help > \"$2\"; test -s \"$2\"" sh
            "$<TARGET_FILE:${target}>" "${help}"
    DEPENDS ${target}
    COMMENT "Writing ${target} --help"
    VERBATIM)
  add_custom_target(${target}_help ALL DEPENDS "${help}")
  install(TARGETS ${target} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
          COMPONENT ${component})
  install(FILES "${help}" DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/cordon/help
          COMPONENT ${component})
endfunction()

cordon_install_program(cordon-server server)
cordon_install_program(cordon-sim tools)
cordon_install_program(cordon-agent tools)
cordon_install_program(cordonctl tools)
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/cordon-server
        RENAME copyright COMPONENT server)
install(FILES CHANGELOG.md NOTICE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/cordon-server
        COMPONENT server)

# The service, configured for the package's prefix (/usr), not the build's
# CMAKE_INSTALL_PREFIX.
set(CORDON_PACKAGE_PREFIX /usr)
set(CORDON_CONFIG_FILE /etc/cordon/cordon-server.flags)
configure_file(packaging/cordon-server.service.in
               "${PROJECT_BINARY_DIR}/packaging/cordon-server.service" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/packaging/cordon-server.service"
        DESTINATION lib/systemd/system COMPONENT systemd EXCLUDE_FROM_ALL)
install(FILES packaging/cordon-server.flags DESTINATION /etc/cordon
        COMPONENT systemd EXCLUDE_FROM_ALL)
