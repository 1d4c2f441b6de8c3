# Install rules: `cmake --install <build> --prefix P` puts the public headers under
# P/include/sluice/..., the layer libraries under P/lib, the `sluice` tool under P/bin and a
# CMake package under P/lib/cmake/sluice, so that an outside project can write
#
#   find_package(sluice REQUIRED)
#   target_link_libraries(app PRIVATE sluice::sluice)
#
# The public headers are the api layer's headers plus every sluice header they include,
# transitively (computed here at configure time from the `#include "sluice/..."` lines).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The layers the api library needs, lowest first (what sluice_api links transitively).
set(SLUICE_INSTALL_LAYERS common types sql expr state checkpoint connectors plan exec runtime api)

# sluice_public_headers(<out_var>): the api headers and their transitive sluice includes,
# as paths relative to src/ (e.g. "sluice/api/session.h").
function(sluice_public_headers out_var)
  set(src_root ${PROJECT_SOURCE_DIR}/src)
  file(GLOB todo RELATIVE ${src_root} CONFIGURE_DEPENDS ${src_root}/sluice/api/*.h)
  set(seen "")
  while(todo)
    list(POP_FRONT todo header)
    if(header IN_LIST seen)
      continue()
    endif()
    if(NOT EXISTS ${src_root}/${header})
      message(FATAL_ERROR "public header ${header} is included but does not exist")
    endif()
    list(APPEND seen ${header})
    file(STRINGS ${src_root}/${header} includes REGEX "^[ \t]*#[ \t]*include[ \t]+\"sluice/[^\"]+\"")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^[^\"]*\"([^\"]+)\".*$" "\\1" included "${line}")
      if(NOT included IN_LIST seen)
        list(APPEND todo ${included})
      endif()
    endforeach()
  endwhile()
  list(SORT seen)
  # Re-run the scan when one of these headers changes (it may include a new header).
  list(TRANSFORM seen PREPEND ${src_root}/ OUTPUT_VARIABLE scanned_files)
  set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${scanned_files})
  set(${out_var} ${seen} PARENT_SCOPE)
endfunction()

sluice_public_headers(SLUICE_PUBLIC_HEADERS)
foreach(header IN LISTS SLUICE_PUBLIC_HEADERS)
  get_filename_component(header_dir ${header} DIRECTORY)
  install(FILES ${PROJECT_SOURCE_DIR}/src/${header}
          DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/${header_dir})
endforeach()

# Libraries: exported as sluice::<layer>; sluice::sluice is the one to link (it links
# sluice::api, which brings every layer below it and the third-party libraries in order).
set(install_targets "")
foreach(layer IN LISTS SLUICE_INSTALL_LAYERS)
  set_target_properties(sluice_${layer} PROPERTIES EXPORT_NAME ${layer})
  list(APPEND install_targets sluice_${layer})
endforeach()
add_library(sluice_package INTERFACE)
set_target_properties(sluice_package PROPERTIES EXPORT_NAME sluice)
target_link_libraries(sluice_package INTERFACE sluice_api)
target_compile_features(sluice_package INTERFACE cxx_std_20)
if(SLUICE_SANITIZE)
  # Libraries built with the sanitizers need their runtimes in the program that links them.
  target_link_options(sluice_package INTERFACE -fsanitize=address,undefined)
endif()

install(TARGETS ${install_targets} sluice_package
        EXPORT sluiceTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
if(TARGET sluice)
  install(TARGETS sluice RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

set(SLUICE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/sluice)
install(EXPORT sluiceTargets NAMESPACE sluice:: DESTINATION ${SLUICE_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/sluiceConfig.cmake.in
  ${PROJECT_BINARY_DIR}/sluiceConfig.cmake
  INSTALL_DESTINATION ${SLUICE_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/sluiceConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/sluiceConfig.cmake
              ${PROJECT_BINARY_DIR}/sluiceConfigVersion.cmake
        DESTINATION ${SLUICE_CMAKE_DIR})
