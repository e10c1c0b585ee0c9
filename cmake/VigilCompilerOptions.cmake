# Warnings, sanitizers and compiler caching shared by every Vigil target.

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()

add_library(vigil_compile_options INTERFACE)
target_compile_options(vigil_compile_options INTERFACE -Wall -Wextra -Wpedantic
  -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused -Woverloaded-virtual
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough
  # designated initializers that leave members at their defaults are intended
  -Wno-missing-field-initializers)
if(VIGIL_WERROR)
  target_compile_options(vigil_compile_options INTERFACE -Werror)
endif()

if(ENABLE_SANITIZERS)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(ENABLE_TSAN)
  if(ENABLE_SANITIZERS)
    message(FATAL_ERROR "ENABLE_TSAN and ENABLE_SANITIZERS exclude each other: ThreadSanitizer cannot run with AddressSanitizer")
  endif()
  add_compile_options(-fsanitize=thread)
  add_link_options(-fsanitize=thread)
endif()

if(ENABLE_SANITIZERS OR ENABLE_TSAN)
  add_compile_options(-fno-omit-frame-pointer)
  # GCC's flow analysis reports false maybe-uninitialized warnings inside
  # libstdc++ (std::regex, std::function) once a sanitizer instruments it.
  target_compile_options(vigil_compile_options INTERFACE -Wno-maybe-uninitialized)
endif()

# vigil_module(NAME SOURCES... DEPENDS...) declares one module library. The
# DEPENDS list is the module's allowed arrows; scripts/check-layering verifies
# that #include lines agree with it.
function(vigil_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS;PRIVATE_DEPENDS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPENDS} PRIVATE vigil_compile_options ${ARG_PRIVATE_DEPENDS})
endfunction()
