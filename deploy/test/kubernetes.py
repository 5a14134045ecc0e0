#!/usr/bin/env python3
"""What deploy/test/run.sh needs from the Kubernetes manifests to start the image as the Deployment does.

  kubernetes.py DEPLOYMENT_YAML CONFIGMAP_YAML CONFIG_OUT
Writes the ConfigMap's gridway.yaml to CONFIG_OUT and prints tab-separated lines:
  user    UID  GID  FSGROUP       the pod's securityContext
  volume  NAME  PATH  ro|rw       an emptyDir volume the gridway container mounts
  init    NAME=PATH[,…]|-  ARG…   an init container: its emptyDir mounts, then its command
  probe   KIND  PATH  PORT        an HTTP probe of the gridway container, a named port resolved
Fails on a probe that is not an httpGet or names a port the container does not declare, and on a
volume the script cannot stand in for (anything but the ConfigMap and emptyDir).
"""
import sys

import yaml


def empty_dir_mounts(container, volumes):
    mounts = []
    for mount in container.get("volumeMounts", []):
        kind = volumes[mount["name"]]
        if "emptyDir" in kind:
            mounts.append(mount)
        elif "configMap" not in kind:
            sys.exit(f"error: volume {mount['name']} is neither a ConfigMap nor an emptyDir")
    return mounts


def main(deployment_path, configmap_path, config_out):
    with open(deployment_path, encoding="utf-8") as f:
        deployment = yaml.safe_load(f)
    with open(configmap_path, encoding="utf-8") as f:
        configmap = yaml.safe_load(f)
    with open(config_out, "w", encoding="utf-8") as f:
        f.write(configmap["data"]["gridway.yaml"])
    pod = deployment["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    container = next(c for c in pod["containers"] if c["name"] == "gridway")
    security = pod.get("securityContext", {})
    if not {"runAsUser", "runAsGroup", "fsGroup"} <= security.keys():
        sys.exit("error: the pod's securityContext must set runAsUser, runAsGroup and fsGroup")
    print("user", security["runAsUser"], security["runAsGroup"], security["fsGroup"], sep="\t")
    for mount in empty_dir_mounts(container, volumes):
        print("volume", mount["name"], mount["mountPath"], "ro" if mount.get("readOnly") else "rw", sep="\t")
    for init in pod.get("initContainers", []):
        mounts = ",".join(f"{m['name']}={m['mountPath']}" for m in empty_dir_mounts(init, volumes)) or "-"
        print("init", mounts, *(init.get("command", []) + init.get("args", [])), sep="\t")
    ports = {p["name"]: p["containerPort"] for p in container.get("ports", []) if "name" in p}
    for kind in ("startupProbe", "readinessProbe", "livenessProbe"):
        probe = container.get(kind)
        if probe is None:
            continue
        http = probe.get("httpGet")
        if http is None:
            sys.exit(f"error: {kind} is not an httpGet probe")
        port = http["port"]
        if isinstance(port, str):
            if port not in ports:
                sys.exit(f"error: {kind} names port {port!r}, which the container does not declare")
            port = ports[port]
        print("probe", kind, http["path"], port, sep="\t")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
