#!/usr/bin/env python3
"""bench/tui_drive.py — drives roster's terminal interface through one tmux
control-mode client (tmux -C) and times key-to-screen.

A shell loop that runs `tmux capture-pane` per poll spends ~10 ms per
process and cannot see below ~80 ms; one control-mode client answers a
capture in well under a millisecond, so the times below are the program's
plus tmux's own parsing.  Used by bench/tui.sh; prints one line per
measure: NAME MILLISECONDS.

usage: tui_drive.py ROSTER DB REPEAT
"""
import os
import re
import subprocess
import sys
import time


class Tmux:
    def __init__(self, sock, cmd):
        self.p = subprocess.Popen(
            ["tmux", "-L", sock, "-f", "/dev/null", "-C", "new-session",
             "-s", "b", "-x", "80", "-y", "24", cmd],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        self.buf = b""
        # The first block answers new-session itself: skip to ours.
        self.p.stdin.write(b"display-message -p roster-bench-ready\n")
        while "roster-bench-ready" not in "".join(self._block()):
            pass
        self.cmd("set-option -t b window-size manual")
        self.cmd("resize-window -t b -x 80 -y 24")

    def _line(self):
        while b"\n" not in self.buf:
            chunk = os.read(self.p.stdout.fileno(), 65536)
            if not chunk:
                raise EOFError("tmux ended")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line

    def cmd(self, c):
        """Runs a tmux command; returns its output lines."""
        self.p.stdin.write(c.encode() + b"\n")
        return self._block()

    def _block(self):
        out, inside = [], False
        while True:
            line = self._line()
            if line.startswith(b"%begin"):
                inside, out = True, []
            elif inside and (line.startswith(b"%end") or
                             line.startswith(b"%error")):
                return [l.decode("utf-8", "replace") for l in out]
            elif inside:
                out.append(line)

    def screen(self):
        return "\n".join(self.cmd("capture-pane -p -t b"))

    def wait(self, text, t0, timeout=30.0):
        while True:
            if text in self.screen():
                return (time.perf_counter() - t0) * 1000.0
            if time.perf_counter() - t0 > timeout:
                raise TimeoutError("no %r on screen:\n%s" % (text, self.screen()))
            time.sleep(0.0005)

    def keys(self, *k, literal=False):
        self.cmd("send-keys -t b " + ("-l " if literal else "") +
                 " ".join("'" + x.replace("'", "'\\''") + "'" for x in k))

    def wait_re(self, pattern, t0, timeout=30.0):
        """As wait, for a regular expression."""
        r = re.compile(pattern)
        while True:
            if r.search(self.screen()):
                return (time.perf_counter() - t0) * 1000.0
            if time.perf_counter() - t0 > timeout:
                raise TimeoutError("no /%s/ on screen:\n%s" % (pattern, self.screen()))
            time.sleep(0.0005)

    def timed_re(self, pattern, *k):
        t0 = time.perf_counter()
        self.keys(*k)
        return self.wait_re(pattern, t0)

    def timed(self, text, *k):
        t0 = time.perf_counter()
        self.keys(*k)
        return self.wait(text, t0)

    def close(self):
        try:
            self.cmd("kill-server")
        except (EOFError, BrokenPipeError):
            pass
        self.p.wait(timeout=5)


def main():
    roster, db, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sock = "roster-bench-%d" % id(sys)
    env = "env TERM=screen-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 "

    for i in range(repeat):
        t = Tmux(sock, env + "cat")
        time.sleep(0.2)
        print("floor %.2f" % t.timed("k%d" % i, "k%d" % i), flush=True)
        t.close()

    for i in range(repeat):
        t0 = time.perf_counter()
        t = Tmux(sock, env + roster + " --db " + db)
        print("start %.2f" % t.wait("Sign in to roster", t0), flush=True)
        t.keys("demo.admin", literal=True)
        t.keys("Tab")
        t.keys("DemoAdmin1", literal=True)
        t.keys("Enter")
        t.wait("Manage Active Portfolios", time.perf_counter())
        t.keys("1")
        t.wait("Generate New List", time.perf_counter())
        t.keys("Down", "Down", "Down", "Down", "Down", "Space", "Down")
        time.sleep(0.2)
        t0 = time.perf_counter()
        t.keys("Enter")
        print("first %.2f" % t.wait("selected · page 1 of", t0), flush=True)
        print("count %.2f" % t.wait(" portfolios", t0), flush=True)
        s = t.screen()
        total = int(s.split("All Users in Site · ")[1].split(" ")[0])
        pages = (total + 16) // 17
        print("pgdn %.2f" % t.timed("page 2 of %d" % pages, "NPage"), flush=True)
        print("end %.2f" % t.timed("page %d of %d" % (pages, pages), "End"),
              flush=True)
        print("all %.2f" % t.timed("%d selected" % total, "a"), flush=True)
        # Type-ahead: / then W lands on the first last name in W.
        t.keys("Home", "/")
        t.wait("Find:", time.perf_counter())
        t0 = time.perf_counter()
        t.keys("W", literal=True)
        while not any(l.startswith("[x] W") for l in t.screen().split("\n")):
            if time.perf_counter() - t0 > 30:
                raise TimeoutError("find W")
            time.sleep(0.0005)
        print("find %.2f" % ((time.perf_counter() - t0) * 1000.0), flush=True)
        # Its position comes after, between keys (Enter shows the status
        # line again: "N selected · page X of Y").
        t.keys("Enter")
        print("findpos %.2f" % t.wait_re(r"selected · page [0-9]+ of", t0),
              flush=True)
        # Execute Task on all of them: what would change, then the hold.
        t.keys("x")
        t.wait("Reset Passwords: %d portfolios selected" % total,
               time.perf_counter())
        t.keys("Abcdefg12", literal=True)
        t.keys("Tab")
        t.keys("Abcdefg12", literal=True)
        t.keys("Tab", "Tab", "Tab", "Tab")
        print("preview %.2f" % t.timed("to go ahead", "Enter"), flush=True)
        print("total %d" % total, flush=True)
        t.close()
        time.sleep(0.3)

    # The audit log of the site (1,000,000 entries in the bench database):
    # its newest page, then its count.
    for i in range(repeat):
        t = Tmux(sock, env + roster + " --db " + db)
        t.wait("Sign in to roster", time.perf_counter())
        t.keys("demo.admin", literal=True)
        t.keys("Tab")
        t.keys("DemoAdmin1", literal=True)
        t.keys("Enter")
        t.wait("Manage Active Portfolios", time.perf_counter())
        time.sleep(0.2)
        t0 = time.perf_counter()
        t.keys("6")
        print("audit %.2f" % t.wait("entries, newest last", t0), flush=True)
        print("auditcount %.2f" % t.wait_re(r"[0-9] entries, newest last", t0),
              flush=True)
        m = re.search(r"page ([0-9]+) of ([0-9]+)", t.screen())
        pg, pages = int(m.group(1)), int(m.group(2))
        print("auditpgup %.2f" % t.timed("page %d of %d" % (pg - 1, pages),
                                         "PPage"), flush=True)
        t.close()
        time.sleep(0.3)


if __name__ == "__main__":
    try:
        main()
    finally:
        # Whatever happened, leave no tmux server behind.
        subprocess.run(["tmux", "-L", "roster-bench-%d" % id(sys), "-f",
                        "/dev/null", "kill-server"], stderr=subprocess.DEVNULL)
