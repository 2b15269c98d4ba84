# munidash_add_plugin(NAME SOURCES src... [OUTPUT_DIRECTORY dir] [NO_INSTALL])
#
# Builds one indicator plugin: a shared module named munidash_plugin_<NAME>.so that links the
# SDK, hides every symbol but the entry point, and is installed beside the built-in plugins.
# In-tree plugins use exactly this function, as third parties do after find_package(munidash).
include_guard(GLOBAL)

function(munidash_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "NO_INSTALL" "OUTPUT_DIRECTORY" "SOURCES")
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "munidash_add_plugin(${name}): give the plugin's sources with SOURCES")
  endif()
  if(NOT name MATCHES "^[a-z][a-z0-9_]*$")
    message(FATAL_ERROR "munidash_add_plugin(${name}): a plugin name is lower-case letters, "
                        "digits and '_', starting with a letter")
  endif()
  add_library(${name} MODULE ${arg_SOURCES})
  target_link_libraries(${name} PRIVATE munidash::sdk)
  target_compile_definitions(${name} PRIVATE MUNIDASH_PLUGIN_NAME="${name}")
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "munidash_plugin_${name}"
    CXX_STANDARD 20
    CXX_STANDARD_REQUIRED ON
    CXX_EXTENSIONS OFF
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(arg_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${arg_OUTPUT_DIRECTORY}")
  elseif(DEFINED MUNIDASH_PLUGIN_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES
      LIBRARY_OUTPUT_DIRECTORY "${MUNIDASH_PLUGIN_OUTPUT_DIRECTORY}")
  endif()
  if(NOT arg_NO_INSTALL AND DEFINED MUNIDASH_PLUGIN_SUBDIR)
    install(TARGETS ${name} LIBRARY DESTINATION "${MUNIDASH_PLUGIN_SUBDIR}")
  endif()
endfunction()
