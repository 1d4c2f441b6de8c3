# Script of the install_package test (cmake -P). Inputs: SLUICE_BUILD_DIR, WORK_DIR,
# OUTSIDE_SOURCE_DIR, GENERATOR, CXX_COMPILER. Fails (FATAL_ERROR) at the first step that
# does not work, printing that step's output.
set(prefix ${WORK_DIR}/prefix)
set(outside_build ${WORK_DIR}/outside_build)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run_step name)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${name} failed (${rc}):\n${out}\n${err}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

run_step("cmake --install" ${CMAKE_COMMAND} --install ${SLUICE_BUILD_DIR} --prefix ${prefix})
foreach(expected include/sluice/api/sluice.h include/sluice/common/status.h
                 lib/cmake/sluice/sluiceConfig.cmake)
  if(NOT EXISTS ${prefix}/${expected})
    message(FATAL_ERROR "not installed: ${prefix}/${expected}")
  endif()
endforeach()

run_step("configure outside project" ${CMAKE_COMMAND} -S ${OUTSIDE_SOURCE_DIR} -B ${outside_build}
         -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_BUILD_TYPE=Release
         -DCMAKE_PREFIX_PATH=${prefix})
run_step("build outside project" ${CMAKE_COMMAND} --build ${outside_build})
run_step("run outside project" ${outside_build}/outside_app)
message(STATUS "outside_app printed:\n${step_output}")
if(NOT step_output MATCHES "ann 5\nbo 7\n")
  message(FATAL_ERROR "outside_app did not print the expected totals")
endif()
