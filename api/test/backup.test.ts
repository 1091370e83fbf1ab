import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { backup, backupName, listBackups, restore } from '../src/backup';
import { ReminderStore } from '../src/store';
import { apiImageContract } from '../src/image-contract';
import { API_DIR, cleanUp, tempDir } from './support/server-process';

const BACKUP_JS = join(API_DIR, apiImageContract.backupEntryPoint);
const due = '2026-12-01T09:00:00Z';
/** Night `n` of December 2026 at 03:00 UTC. */
const night = (n: number) => new Date(Date.UTC(2026, 11, n, 3, 0, 0));

/** A database with `count` reminders and a backup directory, side by side. */
async function setUp(count: number) {
  const root = tempDir();
  const dbPath = join(root, 'data', 'reminder.db');
  const dir = join(root, 'backups');
  mkdirSync(join(root, 'data'));
  mkdirSync(dir);
  const store = ReminderStore.open(dbPath);
  for (let i = 0; i < count; i++) await store.add({ title: `r${i}`, dueDate: due });
  return { dbPath, dir, store };
}

const titles = (store: ReminderStore) => store.all().map((r) => r.title);
/** Every file of the directory with its bytes, to show what a run left alone. */
const contents = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));

// better-sqlite3's and node:fs's errors come from outside jest's sandbox, where `toThrow` may not
// take them for errors: their messages are matched instead.

/** The compiled command, as the CronJob runs it, with `preload` loaded first (node -r). */
function runCommand(args: string[], env: Record<string, string>, preload?: string) {
  return spawnSync(process.execPath, [...(preload ? ['-r', preload] : []), BACKUP_JS, ...args], {
    encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH, ...env },
  });
}

describe('backups of the reminder database', () => {
  afterAll(cleanUp);

  test('GIVEN a live database in WAL mode WHEN backed up (gzip) THEN one complete backup under a UTC-stamped name, nothing partial; restored, it has every reminder', async () => {
    const { dbPath, dir, store } = await setUp(20);
    const name = await backup({ dbPath, dir, keep: 7, gzip: true, now: new Date('2026-12-01T03:04:05.678Z') });
    expect(name).toBe('reminder-20261201T030405Z.db.gz');
    expect(readdirSync(dir)).toEqual([name]);
    for (const r of store.all()) store.remove(r.id);
    expect(titles(store)).toEqual([]);
    // Restored under the open connection, as it would be under a server that was not stopped.
    expect(await restore(dbPath, dir)).toBe(name);
    expect(titles(store)).toEqual(Array.from({ length: 20 }, (_, i) => `r${i}`));
    expect(readdirSync(join(dbPath, '..')).filter((f) => f.includes('partial'))).toEqual([]);
    store.close();
  });

  test('GIVEN nine nightly runs THEN only the newest 7 remain, and files that are not backups stay', async () => {
    const { dbPath, dir, store } = await setUp(1);
    writeFileSync(join(dir, 'notes.txt'), 'not a backup');
    const names = [];
    for (let n = 1; n <= 9; n++) names.push(await backup({ dbPath, dir, keep: 7, gzip: n % 2 === 0, now: night(n) }));
    expect(listBackups(dbPath, dir)).toEqual(names.slice(2));
    expect(readdirSync(dir).sort()).toEqual([...names.slice(2), 'notes.txt'].sort());
    store.close();
  });

  test('GIVEN earlier backups WHEN the database is empty THEN its backup is added and the earlier ones are untouched', async () => {
    const { dbPath, dir, store } = await setUp(3);
    const first = await backup({ dbPath, dir, keep: 7, gzip: true, now: night(1) });
    const before = contents(dir);
    for (const r of store.all()) store.remove(r.id);
    const empty = await backup({ dbPath, dir, keep: 7, gzip: true, now: night(2) });
    expect(contents(dir)).toMatchObject(before);
    expect(listBackups(dbPath, dir)).toEqual([first, empty]);
    await restore(dbPath, dir, first);
    expect(titles(store)).toEqual(['r0', 'r1', 'r2']);
    store.close();
  });

  test('GIVEN earlier backups WHEN the database file is missing, or a backup of that name exists THEN the run fails and changes nothing', async () => {
    const { dbPath, dir, store } = await setUp(2);
    await backup({ dbPath, dir, keep: 7, gzip: false, now: night(1) });
    const before = contents(dir);
    await expect(backup({ dbPath: join(dir, '..', 'data', 'gone.db'), dir, keep: 7, gzip: true, now: night(2) }))
      .rejects.toHaveProperty('message', expect.stringMatching(/unable to open|does not exist|gone\.db/));
    await expect(backup({ dbPath, dir, keep: 7, gzip: false, now: night(1) })).rejects.toHaveProperty('message', expect.stringMatching(/EEXIST/));
    expect(contents(dir)).toEqual(before);
    expect(readdirSync(join(dbPath, '..'))).not.toContain('gone.db');
    store.close();
  });

  test('GIVEN a run killed halfway (SIGKILL before its rename) THEN the earlier backups are intact, no final name is taken, and the next run clears the leftover', async () => {
    const { dbPath, dir, store } = await setUp(5);
    const env = { dbPath, BACKUP_DIR: dir, BACKUP_KEEP: '7' };
    const first = runCommand(['backup', '--gzip'], env);
    expect([first.status, first.stderr]).toEqual([0, '']);
    const before = contents(dir);
    // Dies the moment it would give the complete file its final name.
    const preload = join(tempDir(), 'die-before-link.js');
    writeFileSync(preload, "const fs = require('fs'); fs.linkSync = () => process.kill(process.pid, 'SIGKILL');");
    const killed = runCommand(['backup', '--gzip'], env, preload);
    expect(killed.signal).toBe('SIGKILL');
    expect(listBackups(dbPath, dir)).toEqual(Object.keys(before));
    expect(contents(dir)).toMatchObject(before);
    expect(readdirSync(dir).some((f) => f.includes('.partial'))).toBe(true);
    // A second apart: names are stamped to the second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const next = runCommand(['backup', '--gzip'], env);
    expect(next.status).toBe(0);
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);
    expect(listBackups(dbPath, dir)).toHaveLength(2);
    store.close();
  });

  test('GIVEN a corrupt backup WHEN restored THEN it fails its check and the database is left as it was', async () => {
    const { dbPath, dir, store } = await setUp(2);
    const bad = backupName(dbPath, night(1), true);
    writeFileSync(join(dir, bad), gzipSync(Buffer.alloc(8192, 7)));
    await expect(restore(dbPath, dir)).rejects.toHaveProperty('message', expect.stringMatching(/not a database|integrity/));
    await expect(restore(dbPath, dir, 'reminder-nope.db')).rejects.toHaveProperty('message', expect.stringMatching(/is not a backup/));
    expect(titles(store)).toEqual(['r0', 'r1']);
    store.close();
  });

  test('the command refuses a bad BACKUP_KEEP or task, naming it', () => {
    const dir = tempDir();
    expect(runCommand(['backup'], { dbPath: join(dir, 'x.db'), BACKUP_DIR: dir, BACKUP_KEEP: '0' }).stderr)
      .toMatch(/BACKUP_KEEP must be a whole number of 1 or more, not "0"/);
    expect(runCommand(['copy'], { dbPath: join(dir, 'x.db'), BACKUP_DIR: dir }).stderr).toMatch(/usage: backup\.js backup/);
  });
});
