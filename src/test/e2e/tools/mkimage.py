#!/usr/bin/env python3
"""Write a single-layer container image as a docker-archive tarball (the `docker save` format,
which `ctr images import` reads), without a Docker engine or a registry.

usage: mkimage.py OUT.tar NAME:TAG busybox /path/to/static/busybox ARCH
       mkimage.py OUT.tar NAME:TAG pause   /path/to/static/pause   ARCH

busybox: /bin/busybox plus one symlink per applet (`busybox --list-full`), /etc/passwd,
         /etc/group, /tmp; Cmd ["/bin/sh"].
pause:   /pause; Entrypoint ["/pause"], User 65535:65535 (as the upstream pause image).
The output is byte-for-byte reproducible for the same input binary (all mtimes are 0).
"""
import hashlib
import io
import json
import subprocess
import sys
import tarfile

CREATED = "1970-01-01T00:00:00Z"


def entry(path, kind, mode, data=b"", target=""):
    info = tarfile.TarInfo(path)
    info.type, info.mode, info.mtime = kind, mode, 0
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    if kind == tarfile.SYMTYPE:
        info.linkname = target
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    return info, (io.BytesIO(data) if kind == tarfile.REGTYPE else None)


def layer_busybox(tar, binary):
    for d in ["bin", "sbin", "usr", "usr/bin", "usr/sbin", "etc", "proc", "sys", "dev", "root", "var", "home"]:
        tar.addfile(*entry(d, tarfile.DIRTYPE, 0o755))
    tar.addfile(*entry("tmp", tarfile.DIRTYPE, 0o1777))
    with open(binary, "rb") as f:
        tar.addfile(*entry("bin/busybox", tarfile.REGTYPE, 0o755, f.read()))
    applets = subprocess.check_output([binary, "--list-full"]).decode().split()
    for applet in sorted(set(applets)):
        if applet != "bin/busybox":
            tar.addfile(*entry(applet, tarfile.SYMTYPE, 0o777, target="/bin/busybox"))
    tar.addfile(*entry("etc/passwd", tarfile.REGTYPE, 0o644,
                       b"root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n"))
    tar.addfile(*entry("etc/group", tarfile.REGTYPE, 0o644, b"root:x:0:\nnobody:x:65534:\n"))
    return {"Cmd": ["/bin/sh"], "WorkingDir": "/",
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]}


def layer_pause(tar, binary):
    with open(binary, "rb") as f:
        tar.addfile(*entry("pause", tarfile.REGTYPE, 0o755, f.read()))
    return {"Entrypoint": ["/pause"], "User": "65535:65535"}


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    out, ref, kind, binary, arch = sys.argv[1:]
    name, tag = ref.rsplit(":", 1)
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        cfg = {"busybox": layer_busybox, "pause": layer_pause}[kind](tar, binary)
    layer_bytes = layer.getvalue()
    diff_id = "sha256:" + hashlib.sha256(layer_bytes).hexdigest()
    config = json.dumps({
        "architecture": arch, "os": "linux", "created": CREATED, "config": cfg,
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": CREATED, "created_by": "roiergasias src/test/e2e/tools/mkimage.py " + kind}],
    }, sort_keys=True).encode()
    config_name = hashlib.sha256(config).hexdigest() + ".json"
    manifest = json.dumps([{"Config": config_name, "RepoTags": [ref], "Layers": ["layer.tar"]}]).encode()
    repositories = json.dumps({name: {tag: diff_id[len("sha256:"):]}}).encode()
    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as tar:
        for path, data in [(config_name, config), ("layer.tar", layer_bytes),
                           ("manifest.json", manifest), ("repositories", repositories)]:
            tar.addfile(*entry(path, tarfile.REGTYPE, 0o644, data))
    print(f"{out}: {ref}, layer {len(layer_bytes)} bytes, {diff_id}")


if __name__ == "__main__":
    main()
