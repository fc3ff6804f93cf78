"""Checklist item 37: Debian's python3-kubernetes against a kube-sim cluster.

Usage: /usr/bin/python3 python_client.py <kubeconfig>
Prints one PASS/FAIL line per check; exits non-zero if any check failed.
"""
import json
import sys
import threading
import time

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException
from kubernetes.dynamic import DynamicClient

config.load_kube_config(config_file=sys.argv[1])
api_client = client.ApiClient()
core = client.CoreV1Api(api_client)
apps = client.AppsV1Api(api_client)
failures = []


def check(name, fn):
    try:
        fn()
        print(f"PASS {name}")
    except Exception as error:  # report every failure, not only the first
        failures.append(name)
        print(f"FAIL {name}: {error!r}")


def deployment(name, replicas=1):
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "labels": {"suite": "python"}},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name, "suite": "python"}},
                "spec": {"containers": [{"name": "main", "image": "nginx:1.27"}]},
            },
        },
    }


def version():
    info = client.VersionApi(api_client).get_code()
    assert info.minor == "32", info


def namespaces():
    names = [n.metadata.name for n in core.list_namespace().items]
    assert "default" in names, names


def create_and_duplicate():
    apps.create_namespaced_deployment("default", deployment("py-web"))
    try:
        apps.create_namespaced_deployment("default", deployment("py-web"))
    except ApiException as error:
        assert error.status == 409, error.status
    else:
        raise AssertionError("duplicate create succeeded")


def strategic_patch():
    patch = {"spec": {"template": {"spec": {"containers": [{"name": "main", "image": "nginx:1.28"}]}}}}
    result = apps.patch_namespaced_deployment("py-web", "default", patch)
    containers = result.spec.template.spec.containers
    assert [c.image for c in containers] == ["nginx:1.28"], containers


def list_by_label():
    items = apps.list_namespaced_deployment("default", label_selector="suite=python").items
    assert [d.metadata.name for d in items] == ["py-web"], items


def scale():
    apps.patch_namespaced_deployment_scale("py-web", "default", {"spec": {"replicas": 3}})
    assert apps.read_namespaced_deployment("py-web", "default").spec.replicas == 3


def watch_stream():
    core.create_namespaced_config_map("default", {"metadata": {"name": "py-watched"}, "data": {"v": "1"}})
    seen = []

    def change_later():
        time.sleep(0.5)
        core.patch_namespaced_config_map("py-watched", "default", {"data": {"v": "2"}})
        core.delete_namespaced_config_map("py-watched", "default")

    threading.Thread(target=change_later).start()
    for event in watch.Watch().stream(
        core.list_namespaced_config_map,
        "default",
        field_selector="metadata.name=py-watched",
        timeout_seconds=3,
    ):
        seen.append(event["type"])
    assert seen == ["ADDED", "MODIFIED", "DELETED"], seen


def dynamic_client():
    dyn = DynamicClient(api_client)
    resource = dyn.resources.get(api_version="apps/v1", kind="Deployment")
    assert resource.get(name="py-web", namespace="default").metadata.name == "py-web"
    cm = dyn.resources.get(api_version="v1", kind="ConfigMap")
    body = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "py-applied", "namespace": "default"}, "data": {"k": "v"}}
    cm.patch(
        body=json.dumps(body),
        name="py-applied",
        namespace="default",
        content_type="application/apply-patch+yaml",
        field_manager="python",
    )
    assert cm.get(name="py-applied", namespace="default").data.k == "v"


for name, fn in [
    ("version", version),
    ("list_namespace", namespaces),
    ("create, 409 on duplicate", create_and_duplicate),
    ("strategic merge patch", strategic_patch),
    ("list by label", list_by_label),
    ("patch_namespaced_deployment_scale", scale),
    ("watch stream", watch_stream),
    ("DynamicClient get and server-side apply", dynamic_client),
]:
    check(name, fn)

sys.exit(1 if failures else 0)
