// The API's volumes as the StatefulApi chart mounts them: the Secret's settings file read-only
// at /app/secrets (naming the database on /data), and /data writable by the image's user.
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiImageContract as contract } from '../../../charts/image-contracts';
import type { BindMount } from './runc';

export function apiVolumes(): { mounts: BindMount[]; remove(): void } {
  const secrets = mkdtempSync(join(tmpdir(), 'api-secrets-'));
  chmodSync(secrets, 0o755);
  writeFileSync(join(secrets, contract.secretsFile), JSON.stringify({ dbPath: '/data/reminder.db' }), { mode: 0o444 });
  const data = mkdtempSync(join(tmpdir(), 'api-data-'));
  chownSync(data, contract.uid, contract.gid);
  return {
    mounts: [
      { source: secrets, destination: `${contract.contentRoot}/${contract.secretsDir}`, readOnly: true },
      { source: data, destination: '/data', readOnly: false },
    ],
    remove: () => [secrets, data].forEach((dir) => rmSync(dir, { recursive: true, force: true })),
  };
}
