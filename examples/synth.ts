/**
 * `npm run examples`: synthesizes every example (each directory of examples/ with a main.ts)
 * into dist-examples/<name>/, replacing its previous manifests; prints the warnings.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
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
    const { exampleApp } = require(`./${name}/main`) as { exampleApp: (outdir: string) => App };
    const app = exampleApp(outdir);
    for (const warning of warningsOf(app)) console.warn(`${name}: warning: ${warning}`);
    mkdirSync(outdir, { recursive: true });
    for (const old of readdirSync(outdir).filter((file) => file.endsWith('.k8s.yaml'))) rmSync(join(outdir, old));
    app.synth();
    console.log(`${name}: ${readdirSync(outdir).map((file) => join('dist-examples', name, file)).join(' ')}`);
  }
}
