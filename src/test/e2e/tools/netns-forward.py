#!/usr/bin/env python3
"""Forward TCP connections from an address in the current network namespace to an address inside
another network namespace (a bind-mounted netns file), so that clients on the host's 127.0.0.1
reach a server that listens on 127.0.0.1 of the private namespace. Bytes are copied unchanged
(TLS passes through), half-closes are propagated, long streams (watches, log follows) are fine.

usage: netns-forward.py LISTEN_HOST LISTEN_PORT NETNS_FILE TARGET_HOST TARGET_PORT

The listening socket is created first, in the current namespace; then the process switches
into NETNS_FILE with setns(2), so every upstream connection is made inside that namespace.
Prints "ready" on stdout once listening. Exits on SIGTERM/SIGINT.
"""
import ctypes
import os
import signal
import socket
import sys
import threading

CLONE_NEWNET = 0x40000000
BUFSIZE = 64 * 1024


def setns(path):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"setns({path}): {os.strerror(err)}")
    finally:
        os.close(fd)


def pump(src, dst):
    """Copy src -> dst until EOF (then half-close dst) or an error (then tear both down)."""
    try:
        while True:
            data = src.recv(BUFSIZE)
            if not data:
                dst.shutdown(socket.SHUT_WR)
                return
            dst.sendall(data)
    except OSError:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client, target):
    try:
        upstream = socket.create_connection(target, timeout=10)
        upstream.settimeout(None)
    except OSError as e:
        print(f"connect {target[0]}:{target[1]} failed: {e}", file=sys.stderr, flush=True)
        client.close()
        return
    for s in (client, upstream):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    back = threading.Thread(target=pump, args=(upstream, client), daemon=True)
    back.start()
    pump(client, upstream)
    back.join()
    client.close()
    upstream.close()


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    listen_host, listen_port, netns, target_host, target_port = sys.argv[1:]
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    signal.signal(signal.SIGINT, lambda *_: os._exit(0))
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((listen_host, int(listen_port)))
    server.listen(128)
    setns(netns)  # from here on, new sockets (and threads) live in the private namespace
    print("ready", flush=True)
    target = (target_host, int(target_port))
    while True:
        client, _ = server.accept()
        threading.Thread(target=serve, args=(client, target), daemon=True).start()


if __name__ == "__main__":
    main()
