#!/usr/bin/python3
"""A stand-in for the system logger, for tests: binds a Unix datagram
socket at PATH (what ROSTER_SYSLOG_SOCKET names), prints "ready", and
appends every datagram it receives to OUT, one a line."""
import os
import socket
import sys

path, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
print("ready", flush=True)
with open(out, "ab", buffering=0) as f:
    while True:
        f.write(s.recv(65536).replace(b"\n", b"\\n") + b"\n")
