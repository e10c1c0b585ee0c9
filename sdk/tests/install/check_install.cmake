# Installs the SDK from a build tree into a temporary prefix, builds
# sdk/examples/minimal against it with find_package, builds a project that
# adds the SDK with add_subdirectory, and runs each program.
#
# cmake -DBUILD_DIR=... -DSDK_DIR=... -DWORK_DIR=... -DCXX_COMPILER=...
#       [-DCXX_LAUNCHER=...] [-DCXX_FLAGS=...] [-DWITH_OTLP=ON] -P check_install.cmake
#
# WITH_OTLP also builds sdk/tests/install/otlp_consumer against the
# installed vigil::sdk_otlp.

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

function(expect_output program expected)
  run(${program} ${ARGN})
  string(FIND "${out}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${program} printed no '${expected}':\n${out}")
  endif()
endfunction()

# Consumers compile with the same compiler and sanitizer flags as the build
# that produced the library, so that its objects link.
set(consumer_args -G Ninja -DCMAKE_CXX_COMPILER=${CXX_COMPILER} "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
  "-DCMAKE_EXE_LINKER_FLAGS=${CXX_FLAGS}")
if(CXX_LAUNCHER)
  list(APPEND consumer_args -DCMAKE_CXX_COMPILER_LAUNCHER=${CXX_LAUNCHER})
endif()

file(REMOVE_RECURSE ${WORK_DIR})
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --component sdk --prefix ${WORK_DIR}/prefix)

run(${CMAKE_COMMAND} -S ${SDK_DIR}/examples/minimal -B ${WORK_DIR}/minimal ${consumer_args}
  -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/minimal -j2)
expect_output(${WORK_DIR}/minimal/minimal "jobs_total{outcome=\"ok\"} 1\n" --once)

run(${CMAKE_COMMAND} -S ${SDK_DIR}/tests/install/subdirectory_project -B ${WORK_DIR}/subdirectory
  ${consumer_args} -DVIGIL_SDK_SOURCE_DIR=${SDK_DIR})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/subdirectory -j2)
expect_output(${WORK_DIR}/subdirectory/uses_sdk "subdirectory_build 1\n")

if(WITH_OTLP)
  run(${CMAKE_COMMAND} -S ${SDK_DIR}/tests/install/otlp_consumer -B ${WORK_DIR}/otlp_consumer ${consumer_args}
    -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
  run(${CMAKE_COMMAND} --build ${WORK_DIR}/otlp_consumer -j2)
  expect_output(${WORK_DIR}/otlp_consumer/pushes_otlp "otlp_consumer exported=0\n")
endif()

file(REMOVE_RECURSE ${WORK_DIR})
