// A StatefulSet's main container as its chart synthesizes it, made runnable with runc: its
// command and args, and a bind mount for each of its volume mounts, from directories made
// here: emptyDirs and claims empty and owned by the pod's user (an operator prepares a
// hostPath volume so), ConfigMaps and Secrets as the files the kubelet would write.
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { Testing, type Chart } from 'cdk8s';
import { images, type ImageContract } from '../../images';
import { Bundle, type BindMount, type Container, NetworkNamespace } from './runc';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Manifest = { kind: string; metadata: { name: string }; [field: string]: any };

export interface ChartPod {
  args: string[];
  mounts: BindMount[];
  /** The directory bound at a mount path. */
  dirAt(mountPath: string): string;
  remove(): void;
}

/** `secrets`: the content of each Secret the pod mounts but the chart does not create, by name. */
export function chartPod(manifests: Manifest[], bundle: Bundle, secrets: Record<string, Record<string, string>> = {}): ChartPod {
  const sts = manifests.find((m) => m.kind === 'StatefulSet')!;
  const pod = sts.spec.template.spec;
  const container = pod.containers[0];
  const { runAsUser: uid, runAsGroup: gid } = pod.securityContext;
  const claims = new Set<string>(sts.spec.volumeClaimTemplates?.map((t: any) => t.metadata.name) ?? []);
  const dirs: string[] = [];
  const dirFor = (files: Record<string, string> = {}, fileMode = 0o444) => {
    const dir = mkdtempSync(join(tmpdir(), 'chart-pod-'));
    dirs.push(dir);
    // As the kubelet makes a ConfigMap or Secret volume: anyone may enter, the files' modes decide.
    chmodSync(dir, 0o755);
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(join(dir, name), content, { mode: fileMode });
      chownSync(join(dir, name), 0, gid);
    }
    return dir;
  };
  const writable = () => {
    const dir = dirFor();
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
    return dir;
  };
  const mounts: BindMount[] = [];
  // /tmp: the bundle's own tmpfs.
  for (const mount of container.volumeMounts.filter((m: any) => m.mountPath !== '/tmp')) {
    const volume = pod.volumes.find((v: any) => v.name === mount.name);
    let source: string;
    if (claims.has(mount.name) || volume?.emptyDir) {
      source = writable();
    } else if (volume?.configMap) {
      source = dirFor(manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === volume.configMap.name)!.data);
    } else if (volume?.secret) {
      const created = manifests.find((m) => m.kind === 'Secret' && m.metadata.name === volume.secret.secretName);
      const data = created
        ? Object.fromEntries(Object.entries(created.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]))
        : secrets[volume.secret.secretName];
      source = dirFor(data, volume.secret.defaultMode ?? 0o644);
    } else {
      throw new Error(`volume mount ${mount.name}: no volume this test can make`);
    }
    mounts.push({ source: mount.subPath ? join(source, mount.subPath) : source, destination: mount.mountPath, readOnly: mount.readOnly ?? false });
  }
  return {
    args: [...container.command ?? bundle.imageArgs, ...container.args ?? []],
    mounts,
    dirAt: (mountPath) => mounts.find((m) => m.destination === mountPath)!.source,
    remove: () => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })),
  };
}

/**
 * For a test file: before its tests, the image's bundle, a network namespace and the chart's
 * pod (`chart` synthesized); after them, all removed. `start()` runs a container of the pod:
 * each on the same volumes, as a restarted pod on its claim.
 */
export function useChartPod(contract: ImageContract, chart: () => Chart, secrets?: Record<string, Record<string, string>>) {
  let bundle: Bundle;
  let netns: NetworkNamespace;
  let pod: ChartPod;
  before(() => {
    bundle = new Bundle(images.find((i) => i.contract === contract)!);
    netns = new NetworkNamespace();
    pod = chartPod(Testing.synth(chart()) as Manifest[], bundle, secrets);
  });
  after(() => {
    netns?.remove();
    bundle?.remove();
    pod?.remove();
  });
  return {
    start: (): Container => bundle.start(netns, { args: pod.args, mounts: pod.mounts }),
    dirAt: (mountPath: string) => pod.dirAt(mountPath),
  };
}
