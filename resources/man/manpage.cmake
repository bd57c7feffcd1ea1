# Writes the man page mqhook.1 from the text of `mqhook --help` and the
# template mqhook.1.in, so the two cannot drift apart. Run at build time:
#   cmake -DMQHOOK=<binary> -DTEMPLATE=<mqhook.1.in> -DOUTPUT=<mqhook.1>
#         -DVERSION=<version> -P manpage.cmake
# The help text is read in the C locale, with HOME set to a marker that
# becomes "~" again, so the page does not depend on who built it.
cmake_minimum_required(VERSION 3.25)

foreach(_var IN ITEMS MQHOOK TEMPLATE OUTPUT VERSION)
    if(NOT DEFINED ${_var})
        message(FATAL_ERROR "manpage.cmake: ${_var} is not set")
    endif()
endforeach()

set(_home "/mqhook-man-home")
execute_process(
    COMMAND ${CMAKE_COMMAND} -E env --unset=MQHOOK_CONFIG --unset=XDG_CONFIG_HOME
            --unset=LANGUAGE HOME=${_home} LANG=C LC_ALL=C QT_QPA_PLATFORM=offscreen
            ASAN_OPTIONS=detect_leaks=0
            ${MQHOOK} --help
    OUTPUT_VARIABLE _help
    RESULT_VARIABLE _result)
if(NOT _result EQUAL 0)
    message(FATAL_ERROR "manpage.cmake: ${MQHOOK} --help failed (${_result})")
endif()

# Roff: a backslash is \e, a minus is \-, and a line must not start with a
# control character.
function(_roff out text)
    string(REPLACE "\\" "\\e" text "${text}")
    string(REPLACE "-" "\\-" text "${text}")
    string(REGEX REPLACE "^([.'])" "\\\\&\\1" text "${text}")
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

# Lines as a list; ';' and brackets would confuse CMake's lists.
string(REPLACE "${_home}" "~" _help "${_help}")
string(REPLACE ";" "<semicolon>" _help "${_help}")
string(REPLACE "[" "<lbracket>" _help "${_help}")
string(REPLACE "]" "<rbracket>" _help "${_help}")
string(REPLACE "\n" ";" _lines "${_help}")

function(_restore out text)
    string(REPLACE "<semicolon>" ";" text "${text}")
    string(REPLACE "<lbracket>" "[" text "${text}")
    string(REPLACE "<rbracket>" "]" text "${text}")
    set(${out} "${text}" PARENT_SCOPE)
endfunction()

# The help's parts, in the order QCommandLineParser writes them:
#   Usage: <program> [options]
#   <one-line description>
#   (blank)
#   Commands (after the options):
#   <command usage lines>
#   (blank)
#   Exit codes:
#   <code lines>
#   (blank lines)
#   Options:
#   <option lines>
set(_section "usage")
set(_description "")
set(_commands "")
set(_exit "")
set(_options "")
set(_option_spec "")
set(_option_text "")
foreach(_raw IN LISTS _lines)
    _restore(_line "${_raw}")
    if(_section STREQUAL "usage")
        if(NOT _line MATCHES "^Usage: ")
            message(FATAL_ERROR "manpage.cmake: --help does not start with 'Usage:': ${_line}")
        endif()
        set(_section "description")
    elseif(_line STREQUAL "Commands (after the options):")
        set(_section "commands")
    elseif(_line STREQUAL "Exit codes:")
        set(_section "exit")
    elseif(_line STREQUAL "Options:")
        set(_section "options")
    elseif(_line STREQUAL "")
        continue()
    elseif(_section STREQUAL "description")
        _roff(_text "${_line}")
        string(APPEND _description "${_text}\n")
    elseif(_section STREQUAL "commands")
        if(_line MATCHES "^Usage: (.*)$")
            _roff(_text "${CMAKE_MATCH_1}")
            string(APPEND _commands ".PP\n\\fB${_text}\\fR\n")
        elseif(_line MATCHES "^  ([^ ].*[^ ]|[^ ])  +([^ ].*)$")
            set(_text "${CMAKE_MATCH_2}")
            _roff(_word "${CMAKE_MATCH_1}")
            _roff(_text "${_text}")
            string(APPEND _commands ".TP\n\\fB${_word}\\fR\n${_text}\n")
        else()
            _roff(_text "${_line}")
            string(APPEND _commands ".PP\n${_text}\n")
        endif()
    elseif(_section STREQUAL "exit")
        if(NOT _line MATCHES "^  ([0-9]+) +(.*)$")
            message(FATAL_ERROR "manpage.cmake: unexpected exit code line: ${_line}")
        endif()
        set(_code "${CMAKE_MATCH_1}")
        _roff(_text "${CMAKE_MATCH_2}")
        string(APPEND _exit ".TP\n\\fB${_code}\\fR\n${_text}\n")
    elseif(_section STREQUAL "options")
        if(_line MATCHES "^  (-[^ ].*[^ ]|-[^ ])  +([^ ].*)$")
            if(_option_spec)
                string(APPEND _options ".TP\n${_option_spec}\n${_option_text}\n")
            endif()
            # _roff() runs regular expressions: take the matches first.
            set(_spec "${CMAKE_MATCH_1}")
            set(_text "${CMAKE_MATCH_2}")
            # "-c, --config <file>": the option names bold, the value italic.
            _roff(_spec "${_spec}")
            string(REGEX REPLACE "<([^>]+)>" "\\\\fI\\1\\\\fB" _spec "${_spec}")
            set(_option_spec "\\fB${_spec}\\fR")
            _roff(_option_text "${_text}")
        elseif(_line MATCHES "^   +([^ ].*)$" AND _option_spec)
            _roff(_text "${CMAKE_MATCH_1}")
            string(APPEND _option_text " ${_text}")
        else()
            message(FATAL_ERROR "manpage.cmake: unexpected option line: ${_line}")
        endif()
    endif()
endforeach()
if(_option_spec)
    string(APPEND _options ".TP\n${_option_spec}\n${_option_text}\n")
endif()
foreach(_part IN ITEMS _description _commands _exit _options)
    if(${_part} STREQUAL "")
        message(FATAL_ERROR "manpage.cmake: --help has no ${_part} part")
    endif()
endforeach()

set(HELP_DESCRIPTION "${_description}")
set(HELP_COMMANDS "${_commands}")
set(HELP_EXIT_STATUS "${_exit}")
set(HELP_OPTIONS "${_options}")
configure_file("${TEMPLATE}" "${OUTPUT}" @ONLY)
