/**
 * `npm run examples`: synthesizes every example (each directory of examples/ with a main.ts)
 * into dist-examples/<name>/ (an example's further apps, such as a restore Job, into their
 * subdirectories), replacing its previous manifests; prints the warnings.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { App } from 'cdk8s';
import { warningsOf } from '@remind-me/cdk8s-constructs';

const OUT = join(__dirname, '..', 'dist-examples');

export const exampleNames = (): string[] =>
  readdirSync(__dirname, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(__dirname, entry.name, 'main.ts')))
    .map((entry) => entry.name)
    .sort();

if (require.main === module) {
  for (const name of exampleNames()) {
    const outdir = join(OUT, name);
    const { exampleApp } = require(`./${name}/main`) as { exampleApp: (outdir: string) => App | App[] };
    for (const app of [exampleApp(outdir)].flat()) {
      for (const warning of warningsOf(app)) console.warn(`${name}: warning: ${warning}`);
      mkdirSync(app.outdir, { recursive: true });
      for (const old of readdirSync(app.outdir).filter((file) => file.endsWith('.k8s.yaml'))) rmSync(join(app.outdir, old));
      app.synth();
      const files = readdirSync(app.outdir).filter((file) => file.endsWith('.k8s.yaml'));
      console.log(`${name}: ${files.map((file) => relative(join(OUT, '..'), join(app.outdir, file))).join(' ')}`);
    }
  }
}
