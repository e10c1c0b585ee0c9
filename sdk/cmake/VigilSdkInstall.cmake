# Install rules of the SDK, in the component "sdk": headers, the libraries
# listed in VIGIL_SDK_INSTALL_TARGETS and the CMake package vigil-sdk
# (targets in the namespace vigil::). Another SDK library is installed by
# appending its target to VIGIL_SDK_INSTALL_TARGETS before this file is
# included, and its dependencies to vigil-sdkConfig.cmake.in.
#
#   cmake --install build --component sdk --prefix /opt/vigil

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

list(APPEND VIGIL_SDK_INSTALL_TARGETS vigil_sdk)
set(VIGIL_SDK_VERSION 0.1.0)
set(VIGIL_SDK_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/vigil-sdk)

install(TARGETS ${VIGIL_SDK_INSTALL_TARGETS} EXPORT vigil-sdk-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT sdk
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT sdk)
install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/include/vigil
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT sdk)
install(EXPORT vigil-sdk-targets NAMESPACE vigil:: FILE vigil-sdk-targets.cmake
  DESTINATION ${VIGIL_SDK_CMAKE_DIR} COMPONENT sdk)

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/vigil-sdkConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/vigil-sdkConfig.cmake
  INSTALL_DESTINATION ${VIGIL_SDK_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/vigil-sdkConfigVersion.cmake
  VERSION ${VIGIL_SDK_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/vigil-sdkConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/vigil-sdkConfigVersion.cmake
  DESTINATION ${VIGIL_SDK_CMAKE_DIR} COMPONENT sdk)
