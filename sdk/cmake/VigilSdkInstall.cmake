# Install rules of the SDK, in the component "sdk": headers, the library
# and the CMake package vigil-sdk (targets in the namespace vigil::). The OTLP
# exporter, when it is built, goes into an export set of its own so that the
# package can offer it as the component "otlp" only where protobuf and
# libcurl are found: vigil::sdk alone needs neither.
#
#   cmake --install build --component sdk --prefix /opt/vigil

include(CMakePackageConfigHelpers)

set(VIGIL_SDK_VERSION 0.1.0)
set(VIGIL_SDK_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/vigil-sdk)

install(TARGETS vigil_sdk EXPORT vigil-sdk-targets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT sdk
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT sdk)
install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/include/vigil
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT sdk)
install(EXPORT vigil-sdk-targets NAMESPACE vigil:: FILE vigil-sdk-targets.cmake
  DESTINATION ${VIGIL_SDK_CMAKE_DIR} COMPONENT sdk)

if(TARGET vigil_sdk_otlp)
  # The generated OTLP messages ship as a library to link, not as headers:
  # the exporter's public header does not include them.
  install(TARGETS vigil_sdk_otlp vigil_otlp_proto EXPORT vigil-sdk-otlp-targets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT sdk
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT sdk)
  install(EXPORT vigil-sdk-otlp-targets NAMESPACE vigil:: FILE vigil-sdk-otlp-targets.cmake
    DESTINATION ${VIGIL_SDK_CMAKE_DIR} COMPONENT sdk)
endif()
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/vigil-sdkConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/vigil-sdkConfig.cmake
  INSTALL_DESTINATION ${VIGIL_SDK_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/vigil-sdkConfigVersion.cmake
  VERSION ${VIGIL_SDK_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/vigil-sdkConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/vigil-sdkConfigVersion.cmake
  DESTINATION ${VIGIL_SDK_CMAKE_DIR} COMPONENT sdk)
