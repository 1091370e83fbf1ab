// What the benchmarks of both packages print about the process measured and the machine.
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { RunningServer } from '../test/support/server-process';

/** Peak resident set size of a process so far (Linux: VmHWM). */
export function peakRssMiB(server: RunningServer): number {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]) / 1024;
}

/** The date, Node.js, CPUs, memory, and the load average before (`load0`) and after the run. */
export function machineLine(load0: number): string {
  const cpu = cpus();
  return `${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ` +
    `${(totalmem() / 1024 ** 3).toFixed(1)} GiB, load average ${load0.toFixed(2)} before / ${loadavg()[0].toFixed(2)} after`;
}
