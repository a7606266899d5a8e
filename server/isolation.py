"""Cut a query worker off the network at the operating-system level, before it answers any query.

A seccomp filter (through pyseccomp, over the system's libseccomp) makes every `socket()` call for a
family other than AF_UNIX fail with EACCES, and refuses io_uring (which can open sockets without that
call). The worker keeps the pipe it talks to the server through. So if a SERVICE clause ever slipped
past the guard, the engine could not open a connection: the query fails inside the worker and nothing
reaches any host. A filter cannot be lifted once loaded, and it is inherited by every thread.

Where seccomp is missing (not Linux, or no libseccomp), `isolate` raises IsolationUnavailable and the
server refuses to start its workers unless AIKG_ALLOW_UNISOLATED=1 says the operator accepts that the
guard's lexical SERVICE check is then the only protection (SECURITY.md).
"""

from __future__ import annotations

import errno
import socket


class IsolationUnavailable(RuntimeError):
    """This platform cannot isolate a process from the network."""


def isolate() -> None:
    """Load the no-network filter into the calling process (irreversible)."""
    try:
        import pyseccomp as seccomp
    except (ImportError, OSError) as error:  # not installed, or libseccomp.so not found
        raise IsolationUnavailable(f"seccomp is not available here ({error})") from None
    try:
        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        refuse = seccomp.ERRNO(errno.EACCES)
        rules.add_rule(refuse, "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
        for call in ("io_uring_setup", "io_uring_enter", "io_uring_register"):
            try:
                rules.add_rule(seccomp.ERRNO(errno.ENOSYS), call)
            except (RuntimeError, ValueError, OSError):  # a kernel or libseccomp without io_uring
                pass
        rules.load()
    except (RuntimeError, ValueError, OSError) as error:
        raise IsolationUnavailable(f"the seccomp filter could not be loaded ({error})") from None


def network_is_blocked() -> bool:
    """Whether this process can no longer open an Internet socket (for the worker's self-check)."""
    try:
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    except PermissionError:
        return True
    probe.close()
    return False
