#pragma once

// The process exit codes of mqhook, as --help and the README list them.
namespace mqhook {

enum ExitCode : int
{
    ExitOk = 0,            // success; the service stopped cleanly
    ExitRuntimeError = 1,  // could not start or keep running (port, queue, ...)
    ExitConfigInvalid = 2, // the configuration has errors (all are printed)
    ExitNotFound = 3,      // dead-letters: no dead letter with the ID given
    ExitUsage = 64,        // the command line is wrong (as sysexits' EX_USAGE)
};

} // namespace mqhook
