#!/usr/bin/env python3
"""bench/tui_start.py — start to first screen without tmux: the program in a
pseudo-terminal of 80x24, timed from fork to the first read that holds the
Sign in screen's title; then the same for a shell printing that title (the
floor: fork, exec and the pty).  Prints "start MS" and "startfloor MS"
lines, REPEAT of each, interleaved.

usage: tui_start.py ROSTER DB REPEAT
"""
import fcntl
import os
import pty
import signal
import struct
import sys
import termios
import time

TITLE = b"Sign in to roster"


def timed(argv):
    env = dict(os.environ, TERM="screen-256color", LANG="C.UTF-8",
               LC_ALL="C.UTF-8")
    env.pop("NO_COLOR", None)
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execvpe(argv[0], argv, env)
    seen = b""
    try:
        while TITLE not in seen:
            chunk = os.read(fd, 65536)
            if not chunk:
                raise EOFError("no title: %r" % seen[-200:])
            seen = seen[-4096:] + chunk
        ms = (time.perf_counter() - t0) * 1000.0
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return ms


def main():
    roster, db, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for _ in range(repeat):
        print("startfloor %.2f" % timed(["sh", "-c", "printf '%s\\n' 'Sign in to roster'; exec sleep 5"]), flush=True)
        print("start %.2f" % timed([roster, "--db", db]), flush=True)
        time.sleep(0.1)


if __name__ == "__main__":
    main()
