# Where `cmake --install` puts things (Debian's layout under the prefix) and the .deb CPack
# builds from it. `cpack -G DEB` in the build tree writes orderctl_<version>_<arch>.deb; its
# Depends come from dpkg-shlibdeps (librdkafka1, libyaml-cpp0.7, libc6, ...), not from a list
# kept by hand.
include(GNUInstallDirs)

file(GLOB ORDERCTL_MAN_PAGES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/man/*.1)
install(FILES ${ORDERCTL_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/completions/orderctl.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME orderctl)
install(FILES ${PROJECT_SOURCE_DIR}/completions/_orderctl
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${PROJECT_SOURCE_DIR}/completions/orderctl.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
install(FILES ${PROJECT_SOURCE_DIR}/examples/orders.jsonl
              ${PROJECT_SOURCE_DIR}/examples/order.schema.json
              ${PROJECT_SOURCE_DIR}/examples/orderctl.yaml
              ${PROJECT_SOURCE_DIR}/examples/topics.yaml
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The Prometheus rules (and their promtool cases) and the Grafana dashboard for role services.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/deploy/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/deploy)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME orderctl)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Kafka CLI for an order pipeline: produce, role services, offsets, topics")
set(CPACK_PACKAGE_DESCRIPTION
    "orderctl runs a real-time order pipeline on Apache Kafka (KRaft) or Azure Event Hubs: the\n order service, the inventory, payment and fulfillment services, group offsets, topics,\n profiles, an embedded dev broker and a one-command demo.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "orderctl maintainers <maintainers@orderctl.invalid>")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "bash-completion")
include(CPack)
