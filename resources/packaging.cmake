# `cpack -G DEB` in the build folder: the Debian package of what
# `cmake --install` installs. Configure with -DCMAKE_INSTALL_PREFIX=/usr
# (scripts/package.sh does). The dependencies on shared libraries come from
# dpkg-shlibdeps; the ones loaded at run time are listed here.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "mqhook")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "${MQHOOK_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "forward MQTT messages to HTTP(S) endpoints, reliably")
set(CPACK_PACKAGE_DESCRIPTION
    "mqhook subscribes to MQTT brokers (EMQX, mosquitto, any MQTT 3.1.1 or 5.0
server), filters the topics, and sends every message to HTTP(S) callback
URLs, retrying with backoff. A message is acknowledged to the broker only
once it is in mqhook's durable queue or delivered, so nothing is lost when
mqhook or an endpoint goes down. It reads the configuration files of the
original Go middleware unchanged.
.
This package holds the service (systemd unit, user mqhook, queue in
/var/lib/mqhook) and the desktop application that shows the configuration.")
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_STRIP_FILES TRUE)

set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${MQHOOK_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded at run time, so dpkg-shlibdeps cannot see them: Qt's SQLite driver
# (the queue) and adduser (the maintainer scripts).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, libqt6sql6-sqlite")
# The window needs a Qt platform plugin; the service does not.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "mosquitto-clients")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${CMAKE_CURRENT_LIST_DIR}/debian/conffiles"
    "${CMAKE_CURRENT_LIST_DIR}/debian/postinst"
    "${CMAKE_CURRENT_LIST_DIR}/debian/prerm"
    "${CMAKE_CURRENT_LIST_DIR}/debian/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

include(CPack)
