import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ShellBackup } from '../../../lib/index';

// The commands run as the backup and restore pods run them: with the machine's POSIX sh
// (dash on Debian, as in the examples' images) in a directory standing for the backup claim.
const FILES = { prefix: 'db', suffix: '.dump' };
const STAMP = /^db-\d{8}T\d{6}Z\.dump$/;

function run(command: string[], env: Record<string, string>) {
  const [program, ...args] = command;
  const result = spawnSync(program, args, { encoding: 'utf8', env: { PATH: process.env.PATH!, ...env }, timeout: 10_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const tempDir = () => { made.push(mkdtempSync(join(tmpdir(), 'shell-backup-'))); return made[made.length - 1]; };

function backupDir(oldBackups: string[] = []): string {
  const dir = tempDir();
  for (const name of oldBackups) writeFileSync(join(dir, name), `old ${name}`);
  return dir;
}

const OLD = ['db-20261101T030000Z.dump', 'db-20261102T030000Z.dump', 'db-20261103T030000Z.dump'];

test('a backup is written by the line to $BACKUP_FILE, given its final name, and only the newest BACKUP_KEEP stay', () => {
  const dir = backupDir([...OLD, 'notes.txt']);
  const result = run(ShellBackup.command({ ...FILES, write: 'printf "%s" "$DATA" > "$BACKUP_FILE"' }), { BACKUP_DIR: dir, BACKUP_KEEP: '2', DATA: 'rows' });
  expect(result).toMatchObject({ status: 0, stderr: '' });
  const files = readdirSync(dir).sort();
  // Someone else's file is never deleted; no temporary file is left.
  expect(files).toHaveLength(3);
  expect(files).toEqual(expect.arrayContaining(['db-20261103T030000Z.dump', 'notes.txt']));
  const written = files.find((f) => STAMP.test(f) && !OLD.includes(f))!;
  expect(readFileSync(join(dir, written), 'utf8')).toBe('rows');
  expect(result.stdout).toBe(`backup ${written} written to ${dir}; kept: db-20261103T030000Z.dump ${written}\n`);
});

test('a line that fails halfway, or writes nothing, leaves the earlier backups as they were and no file under a final name', () => {
  for (const write of ['printf partial > "$BACKUP_FILE"; false', ': > "$BACKUP_FILE"', 'true']) {
    const dir = backupDir(OLD);
    const result = run(ShellBackup.command({ ...FILES, write }), { BACKUP_DIR: dir, BACKUP_KEEP: '1' });
    expect(result.status).not.toBe(0);
    expect(readdirSync(dir).sort()).toEqual(OLD);
  }
});

test("a run deletes a dead run's temporary file", () => {
  const dir = backupDir(['.db-20261101T030000Z.dump.partial']);
  expect(run(ShellBackup.command({ ...FILES, write: 'echo x > "$BACKUP_FILE"' }), { BACKUP_DIR: dir, BACKUP_KEEP: '7' }).status).toBe(0);
  expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
});

test('a restore reads the newest backup, or RESTORE_FROM; a name that is not a backup fails', () => {
  const dir = backupDir(OLD);
  const restore = ShellBackup.restoreCommand({ ...FILES, restore: 'cat "$BACKUP_FILE"; echo' });
  expect(run(restore, { BACKUP_DIR: dir, RESTORE_FROM: '' })).toMatchObject({
    status: 0, stdout: 'old db-20261103T030000Z.dump\ndb-20261103T030000Z.dump restored\n',
  });
  expect(run(restore, { BACKUP_DIR: dir, RESTORE_FROM: OLD[0] }).stdout).toBe(`old ${OLD[0]}\n${OLD[0]} restored\n`);
  const wrong = run(restore, { BACKUP_DIR: dir, RESTORE_FROM: '../db-20261101T030000Z.dump' });
  expect(wrong.status).toBe(1);
  expect(wrong.stderr).toBe(`restore: ../db-20261101T030000Z.dump is not a backup in ${dir} (there: ${OLD.join(' ')})\n`);
  const none = run(restore, { BACKUP_DIR: backupDir(['notes.txt']) });
  expect([none.status, none.stderr]).toEqual([1, expect.stringMatching(/^restore: no backup db-<time>\.dump in /)]);
});

test('the backup and the restore wait, bounded, for the server to answer, and fail when it never does', () => {
  const dir = backupDir(OLD);
  // Answers at the third try: the ready line counts its tries in a file.
  const ready = 'n=$(cat "$COUNT" 2>/dev/null || echo 0); echo $((n + 1)) > "$COUNT"; test "$n" -ge 2';
  const count = join(dir, 'tries');
  // A `sleep` that returns at once: 60 tries without two minutes of waiting.
  const bin = tempDir();
  writeFileSync(join(bin, 'sleep'), '#!/bin/sh\n', { mode: 0o755 });
  const env = { BACKUP_DIR: dir, BACKUP_KEEP: '7', COUNT: count, PATH: `${bin}:${process.env.PATH}` };
  const backup = run(ShellBackup.command({ ...FILES, write: 'echo x > "$BACKUP_FILE"', ready }), env);
  expect([backup.status, readFileSync(count, 'utf8')]).toEqual([0, '3\n']);
  const never = run(ShellBackup.restoreCommand({ ...FILES, restore: 'cat "$BACKUP_FILE"', ready: 'false' }), env);
  expect([never.status, never.stdout, never.stderr]).toEqual([1, '', 'restore: the server never answered: false\n']);
});

test('names the shell would expand, and empty lines, fail naming the prop and the fix', () => {
  expect(() => ShellBackup.command({ prefix: '-db*', suffix: '.$x', write: ' ' })).toThrow(new RegExp([
    "^ShellBackup.command: invalid configuration:",
    "- prefix: '-db\\*' is not a file name part starting with a letter or digit\\. Fix: use letters, digits",
    "- suffix: '\\.\\$x' is not a file name part\\. Fix: use letters",
    '- write: is empty\\. Fix: give the shell commands, which use the file \\$BACKUP_FILE',
  ].join('[^]*')));
  expect(() => ShellBackup.restoreCommand({ prefix: 'db', restore: '' })).toThrow(/- restore: is empty/);
});
