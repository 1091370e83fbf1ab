#!/usr/bin/env node
// Times whole synth commands, as a user runs them, and prints the median of several runs.
// Usage: npm run bench:synth [-- runs]   (default 7 runs per command)
const { spawnSync } = require('child_process');
const { mkdtempSync } = require('fs');
const { tmpdir, cpus, totalmem } = require('os');
const { join } = require('path');

const runs = Number(process.argv[2] ?? 7);
const commands = [
  ['node build/main.js (the bundled app alone)', 'node build/main.js'],
  ['npm run synth (esbuild bundle + app)', 'npm run --silent synth'],
  ['npx cdk8s synth (cdk8s.yaml app)', 'npx cdk8s synth --output "$CDK8S_OUTDIR"'],
  ['npx ts-node main.ts (the cdk8s template)', 'npx ts-node main.ts'],
];

const env = { ...process.env, CDK8S_OUTDIR: join(mkdtempSync(join(tmpdir(), 'bench-synth-')), 'dist') };
spawnSync('npm', ['run', '--silent', 'synth'], { env, stdio: 'ignore' }); // makes build/main.js

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`synth time, ${runs} runs each; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`);
console.log('| command | median s | min s | max s |');
console.log('|---|---|---|---|');
for (const [label, command] of commands) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const run = spawnSync('sh', ['-c', command], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  const f = (s) => s.toFixed(2);
  console.log(`| ${label} | ${f(median(times))} | ${f(Math.min(...times))} | ${f(Math.max(...times))} |`);
}
