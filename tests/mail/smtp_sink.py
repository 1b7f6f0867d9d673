#!/usr/bin/python3
"""smtp_sink.py DIR [--host H] [--port N] [--reject ADDR]...

A local SMTP server for tests: every message it accepts is saved in DIR as

  NNNN.eml   the message exactly as received (bytes after DATA)
  NNNN.env   one "key: value" per line: the envelope (mail-from, rcpt-to)
             and the headers as Python's email package decodes them (to-name,
             to-addr, from, subject, date-ok, message-id, content-type,
             charset, cte, defects)
  NNNN.body  the text body, decoded (transfer encoding and charset undone,
             LF line ends as a local mailbox has them)

The .eml file is renamed into place last, so a NNNN.eml that exists is
complete along with its .env and .body.  When the server listens it prints
"PORT n" on stdout (port 0, the default, lets the kernel pick a free one);
it runs until SIGTERM/SIGINT or until killed.  --reject ADDR answers 550 to
RCPT TO:<ADDR>, for tests of a mailer that fails.

Run it with /usr/bin/python3 (Debian's python3-aiosmtpd).
"""
import argparse
import asyncio
import email.utils
import os
import signal
import socket
import sys
from email import policy
from email.parser import BytesParser

from aiosmtpd.smtp import SMTP


def one_line(value):
    # The .env format is line based; a value with a line break would be a
    # lie about what the message held, so show it escaped instead.
    return str(value).replace('\\', '\\\\').replace('\r', '\\r').replace('\n', '\\n')


def summarise(raw):
    """Decoded view of a message: (list of (key, value), body text)."""
    out = []
    try:
        # SMTP carries CRLF; read it as a local mailbox would, with LF.
        msg = BytesParser(policy=policy.default).parsebytes(
            raw.replace(b'\r\n', b'\n'))
    except Exception as e:  # a sink must never die on a bad message
        return [('parse-error', repr(e))], ''
    defects = list(msg.defects)
    to = msg['to']
    if to is not None:
        defects += list(to.defects)
        addrs = to.addresses
        if addrs:
            out.append(('to-name', addrs[0].display_name))
            out.append(('to-addr', addrs[0].addr_spec))
    if msg['from'] is not None:
        out.append(('from', msg['from'].addresses[0].addr_spec
                    if msg['from'].addresses else ''))
    subject = msg['subject']
    if subject is not None:
        defects += list(subject.defects)
        out.append(('subject', str(subject)))
    date = msg['date']
    ok = 'no'
    if date is not None:
        try:
            ok = 'yes' if email.utils.parsedate_to_datetime(str(date)) else 'no'
        except (TypeError, ValueError):
            ok = 'no'
    out.append(('date-ok', ok))
    if msg['message-id'] is not None:
        out.append(('message-id', str(msg['message-id'])))
    out.append(('mime-version', str(msg['mime-version'])))
    out.append(('content-type', msg.get_content_type()))
    out.append(('charset', msg.get_content_charset() or ''))
    out.append(('cte', msg.get('content-transfer-encoding', '')))
    body = ''
    try:
        body = msg.get_content()
    except Exception as e:
        out.append(('body-error', repr(e)))
    out.append(('defects', str(len(defects))))
    for d in defects:
        out.append(('defect', type(d).__name__))
    return out, body


class Sink:
    def __init__(self, outdir, reject):
        self.outdir = outdir
        self.reject = {a.lower() for a in reject}
        # Continue the numbering if the directory already holds messages.
        self.count = len([f for f in os.listdir(outdir) if f.endswith('.eml')])

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.lower() in self.reject:
            return '550 5.1.1 <%s>: recipient rejected by smtp_sink' % address
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.outdir, '%04d' % self.count)
        raw = envelope.original_content or b''
        lines = [('mail-from', envelope.mail_from)]
        lines += [('rcpt-to', r) for r in envelope.rcpt_tos]
        decoded, body = summarise(raw)
        lines += decoded
        with open(base + '.env', 'w', encoding='utf-8') as f:
            for k, v in lines:
                f.write('%s: %s\n' % (k, one_line(v)))
        with open(base + '.body', 'w', encoding='utf-8', newline='') as f:
            f.write(body)
        with open(base + '.tmp', 'wb') as f:
            f.write(raw)
        os.rename(base + '.tmp', base + '.eml')
        return '250 2.0.0 Message accepted by smtp_sink'


def main():
    ap = argparse.ArgumentParser(description='SMTP sink for roster tests')
    ap.add_argument('dir')
    ap.add_argument('--host', default='127.0.0.1')
    ap.add_argument('--port', type=int, default=0)
    ap.add_argument('--reject', action='append', default=[])
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    # Bind the socket ourselves: with port 0 the kernel picks a free port
    # and there is no window in which another process could take it.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    port = sock.getsockname()[1]

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    handler = Sink(args.dir, args.reject)
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(handler, hostname='smtp-sink', loop=loop), sock=sock))
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, loop.stop)
    print('PORT %d' % port, flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
