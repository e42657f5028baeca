# Installation, the CMake package (find_package(meetintent 1 CONFIG)), the
# pkg-config file (meetintent.pc), the man page, the documents and the optional
# Doxygen target. Included at the end of the top-level CMakeLists.txt.
#
#   cmake --install build --prefix /usr/local            # everything
#   cmake --install build --component Runtime             # libmeetintent.so.1, the CLI, the man page
#   cmake --install build --component Development         # headers, .a, .so link, cmake/pkg-config files
#   cmake --install build --component Documentation       # share/doc/meetintent (+ html if built)
#
# What a consumer gets:
#   find_package(meetintent 1 CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE meetintent::meetintent)  # static C++ library (ICU, Threads)
#   target_link_libraries(app PRIVATE meetintent::shared)      # the C API, libmeetintent.so.1
#   cc app.c $(pkg-config --cflags --libs meetintent)          # the C API, libmeetintent.so.1
include_guard(GLOBAL)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(MEETINTENT_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/meetintent" CACHE STRING
    "Where meetintentConfig.cmake is installed, relative to the prefix")
set(MEETINTENT_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig" CACHE STRING
    "Where meetintent.pc is installed, relative to the prefix")
mark_as_advanced(MEETINTENT_INSTALL_CMAKEDIR MEETINTENT_INSTALL_PKGCONFIGDIR)

# --- Exported names: meetintent::meetintent (static C++) and meetintent::shared (C API) ---
set_target_properties(meetintent_static PROPERTIES EXPORT_NAME meetintent)
set_target_properties(meetintent_shared PROPERTIES EXPORT_NAME shared)

# meetintent_static is made of $<TARGET_OBJECTS:meetintent_objects> (it does not
# link the OBJECT library), so the object library never enters the export set.
# Its PRIVATE Eigen3::Eigen would still be written into the exported interface as
# $<LINK_ONLY:Eigen3::Eigen> (a static library's private dependencies are part of
# its link interface), forcing every consumer to find Eigen's CMake package
# although Eigen is header-only: nothing of it is linked, and the static
# library's own sources (the embedded model) do not include it. Drop it from the
# link interface. (A no-op once the top-level stops linking Eigen3::Eigen to
# meetintent_static, which it does not need.)
get_target_property(_mi_iface meetintent_static INTERFACE_LINK_LIBRARIES)
if(_mi_iface)
  list(REMOVE_ITEM _mi_iface "$<LINK_ONLY:Eigen3::Eigen>")
  set_target_properties(meetintent_static PROPERTIES INTERFACE_LINK_LIBRARIES "${_mi_iface}")
endif()
unset(_mi_iface)

# --- Headers: the public ones and the generated version.h ---
file(GLOB MEETINTENT_PUBLIC_HEADERS CONFIGURE_DEPENDS
     "${PROJECT_SOURCE_DIR}/include/meetintent/*.h")
# The mail headers go with the mail library, below.
list(FILTER MEETINTENT_PUBLIC_HEADERS EXCLUDE REGEX "/mail(_c)?\\.h$")
install(FILES ${MEETINTENT_PUBLIC_HEADERS}
              "${PROJECT_BINARY_DIR}/include/meetintent/version.h"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/meetintent"
        COMPONENT Development)

# --- Libraries and the CLI ---
install(TARGETS meetintent_static meetintent_shared
        EXPORT meetintentTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT Development
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT Runtime
                NAMELINK_COMPONENT Development
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT Runtime
        INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(TARGETS meetintent_cli
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT Runtime)
if(TARGET meetintent_mail_cli)  # 'meetintent mail' runs it from the same folder
  install(TARGETS meetintent_mail_cli
          RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT Runtime)
endif()

# --- The mail library, when built: its C API (mail_c.h, libmeetintent_mail.so.1,
# linked with -lmeetintent_mail -lmeetintent). The static C++ form needs GMime and
# gumbo at every consumer's link and is left to builds from source.
if(TARGET meetintent_mail_shared)
  install(TARGETS meetintent_mail_shared
          LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT Runtime
                  NAMELINK_COMPONENT Development)
  install(FILES "${PROJECT_SOURCE_DIR}/include/meetintent/mail_c.h"
          DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/meetintent"
          COMPONENT Development)
endif()

# --- The CMake package ---
install(EXPORT meetintentTargets
        NAMESPACE meetintent::
        FILE meetintentTargets.cmake
        DESTINATION "${MEETINTENT_INSTALL_CMAKEDIR}"
        COMPONENT Development)

# ICU's symbols carry its major version (u_foo_72): the static library links only
# with the ICU major version it was compiled against, so its consumers ask for it.
string(REGEX MATCH "^[0-9]+" MEETINTENT_ICU_MAJOR "${ICU_VERSION}")
if(NOT MEETINTENT_ICU_MAJOR)
  set(MEETINTENT_ICU_MAJOR 72)
endif()
configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/meetintentConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/cmake-install/meetintentConfig.cmake"
  INSTALL_DESTINATION "${MEETINTENT_INSTALL_CMAKEDIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/meetintentConfigVersion.cmake"
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/cmake-install/meetintentConfig.cmake"
              "${PROJECT_BINARY_DIR}/meetintentConfigVersion.cmake"
        DESTINATION "${MEETINTENT_INSTALL_CMAKEDIR}"
        COMPONENT Development)

# The build tree is a package too: -Dmeetintent_DIR=/path/to/build (headers from
# the source and build trees, libraries from the build tree).
export(EXPORT meetintentTargets
       NAMESPACE meetintent::
       FILE "${PROJECT_BINARY_DIR}/meetintentTargets.cmake")
configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/meetintentConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/meetintentConfig.cmake"
  INSTALL_DESTINATION "${PROJECT_BINARY_DIR}"
  INSTALL_PREFIX "${PROJECT_BINARY_DIR}")

# --- pkg-config: the C API in the shared library ---
# Relocatable: the prefix is computed from the .pc file's own place, so
# `cmake --install build --prefix ANYWHERE` and DESTDIR both work.
if(IS_ABSOLUTE "${MEETINTENT_INSTALL_PKGCONFIGDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}"
   OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(MEETINTENT_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(MEETINTENT_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
  set(MEETINTENT_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
  set(_mi_up "")
  string(REPLACE "/" ";" _mi_parts "${MEETINTENT_INSTALL_PKGCONFIGDIR}")
  foreach(_mi_part IN LISTS _mi_parts)
    if(NOT _mi_part STREQUAL "" AND NOT _mi_part STREQUAL ".")
      string(APPEND _mi_up "/..")
    endif()
  endforeach()
  set(MEETINTENT_PC_PREFIX "\${pcfiledir}${_mi_up}")
  set(MEETINTENT_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  set(MEETINTENT_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
  unset(_mi_up)
  unset(_mi_parts)
  unset(_mi_part)
endif()
configure_file("${PROJECT_SOURCE_DIR}/cmake/meetintent.pc.in"
               "${PROJECT_BINARY_DIR}/meetintent.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/meetintent.pc"
        DESTINATION "${MEETINTENT_INSTALL_PKGCONFIGDIR}"
        COMPONENT Development)

# --- Man page and documents ---
# The installed man page names this build's version (the source's .TH line may lag).
file(READ "${PROJECT_SOURCE_DIR}/docs/meetintent.1" _mi_man)
string(REGEX REPLACE "\"meetintent [0-9][0-9.]*\"" "\"meetintent ${PROJECT_VERSION}\""
       _mi_man "${_mi_man}")
file(GENERATE OUTPUT "${PROJECT_BINARY_DIR}/man/meetintent.1" CONTENT "${_mi_man}")
set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             "${PROJECT_SOURCE_DIR}/docs/meetintent.1")
unset(_mi_man)
install(FILES "${PROJECT_BINARY_DIR}/man/meetintent.1"
        DESTINATION "${CMAKE_INSTALL_MANDIR}/man1"
        COMPONENT Runtime)
set(_mi_docs README.md CHANGELOG.md docs/versioning.md docs/model-card.md src/model_file.md
             data/README.md)
foreach(_mi_doc IN LISTS _mi_docs)
  if(EXISTS "${PROJECT_SOURCE_DIR}/${_mi_doc}")
    # data/README.md would clash with README.md: name it after its folder.
    get_filename_component(_mi_name "${_mi_doc}" NAME)
    if(_mi_doc STREQUAL "data/README.md")
      set(_mi_name "data.md")
    endif()
    install(FILES "${PROJECT_SOURCE_DIR}/${_mi_doc}"
            DESTINATION "${CMAKE_INSTALL_DOCDIR}" RENAME "${_mi_name}"
            COMPONENT Documentation)
  endif()
endforeach()
unset(_mi_docs)
unset(_mi_doc)
unset(_mi_name)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/examples/"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}/examples"
        COMPONENT Documentation
        FILES_MATCHING PATTERN "*.c" PATTERN "*.cpp" PATTERN "*.py" PATTERN "*.md")

# --- API reference (optional): `cmake --build build --target meetintent_docs` ---
find_package(Doxygen QUIET)
if(DOXYGEN_FOUND)
  set(MEETINTENT_DOXYGEN_OUTPUT "${PROJECT_BINARY_DIR}/docs")
  configure_file("${PROJECT_SOURCE_DIR}/docs/Doxyfile.in"
                 "${PROJECT_BINARY_DIR}/Doxyfile" @ONLY)
  add_custom_target(meetintent_docs
    COMMAND Doxygen::doxygen "${PROJECT_BINARY_DIR}/Doxyfile"
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    COMMENT "Generating the API reference in ${MEETINTENT_DOXYGEN_OUTPUT}/html"
    VERBATIM)
  # Installed only when it was built (OPTIONAL: no error otherwise).
  install(DIRECTORY "${MEETINTENT_DOXYGEN_OUTPUT}/html/"
          DESTINATION "${CMAKE_INSTALL_DOCDIR}/html"
          COMPONENT Documentation
          OPTIONAL)
endif()
