/**
 * Backups of the reminder database, and their restore: the command the backup CronJob and the
 * restore Job run in the API image (no shell needed).
 *
 *   node dist/bundle/backup.js backup [--gzip]   one backup into BACKUP_DIR, keeping the newest BACKUP_KEEP
 *   node dist/bundle/backup.js restore           RESTORE_FROM (a file name in BACKUP_DIR; unset: the newest) onto the database
 *
 * The database is the server's (its settings: dbPath). Each backup is a consistent copy made by
 * SQLite's online backup, never a copy of the live file and its WAL: it is written under a
 * temporary name, checked, then given its final name, so a run that fails leaves no truncated
 * backup under a final name and never touches the earlier ones.
 */
import { closeSync, copyFileSync, fsyncSync, linkSync, openSync, readdirSync, rmSync } from 'node:fs';
import { createReadStream, createWriteStream } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import Database from 'better-sqlite3';
import { loadSettings } from './settings';

/** Marks a file being written: never taken for a backup, deleted by the next run. */
const PARTIAL = '.partial';

export interface BackupOptions {
  /** The database file. */
  dbPath: string;
  /** Where the backups are kept. */
  dir: string;
  /** How many backups to keep, newest first. */
  keep: number;
  /** Compress the backup with gzip. */
  gzip: boolean;
  /** The backup's time (its name). */
  now?: Date;
}

/** `reminder-20261130T030000Z.db.gz` for `/data/reminder.db`: sorting the names sorts by time. */
export function backupName(dbPath: string, time: Date, gzip: boolean): string {
  const stamp = time.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stem(dbPath)}-${stamp}${extname(dbPath)}${gzip ? '.gz' : ''}`;
}

/** The backups of `dbPath` in `dir`, oldest first; other files are not ours. */
export function listBackups(dbPath: string, dir: string): string[] {
  const pattern = new RegExp(`^${escape(stem(dbPath))}-\\d{8}T\\d{6}Z${escape(extname(dbPath))}(\\.gz)?$`);
  return readdirSync(dir).filter((file) => pattern.test(file)).sort();
}

/**
 * Writes one backup of `dbPath` into `dir`, then deletes all but the newest `keep`; returns
 * its file name. Throws, leaving the earlier backups as they were, if the database does not
 * exist (a missing file is not an empty database), cannot be read, or the copy fails its check.
 */
export async function backup(options: BackupOptions): Promise<string> {
  const { dbPath, dir, keep, gzip } = options;
  // Leftovers of a run that died: concurrencyPolicy Forbid lets one run at a time.
  for (const file of readdirSync(dir).filter((f) => f.startsWith('.') && f.includes(PARTIAL))) rmSync(join(dir, file));
  const name = backupName(dbPath, options.now ?? new Date(), gzip);
  const partial = join(dir, `.${name}${PARTIAL}`);
  // SQLite writes a database file; gzip then makes the partial file from it.
  const copy = gzip ? `${partial}.db` : partial;
  try {
    const source = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      await source.backup(copy);
    } finally {
      source.close();
    }
    checkCopy(copy);
    if (gzip) await pipeline(createReadStream(copy), createGzip(), createWriteStream(partial));
    syncFile(partial);
    // A link, not a rename: it fails rather than replace a backup of the same name.
    linkSync(partial, join(dir, name));
    syncFile(dir);
  } finally {
    for (const file of [partial, ...sqliteFiles(copy)]) rmSync(file, { force: true });
  }
  prune(dbPath, dir, keep);
  return name;
}

/** Deletes all but the newest `keep` backups. */
function prune(dbPath: string, dir: string, keep: number): void {
  const old = listBackups(dbPath, dir).slice(0, -keep);
  for (const file of old) rmSync(join(dir, file));
  if (old.length) syncFile(dir);
}

/**
 * Restores backup `from` (a file name in `dir`; undefined: the newest) onto `dbPath` with
 * SQLite's backup, so the database's WAL is taken care of; returns the name restored. The
 * backup is decompressed and checked first: a bad one leaves the database as it was.
 */
export async function restore(dbPath: string, dir: string, from?: string): Promise<string> {
  const backups = listBackups(dbPath, dir);
  const name = from || backups[backups.length - 1];
  if (!name) throw new Error(`no backup of ${basename(dbPath)} in ${dir}`);
  if (!backups.includes(name)) throw new Error(`${name} is not a backup in ${dir} (there: ${backups.join(', ') || 'none'})`);
  const copy = `${dbPath}${PARTIAL}`;
  try {
    const file = join(dir, name);
    if (name.endsWith('.gz')) await pipeline(createReadStream(file), createGunzip(), createWriteStream(copy));
    else copyFileSync(file, copy);
    checkCopy(copy);
    const source = new Database(copy, { readonly: true, fileMustExist: true });
    try {
      await source.backup(dbPath);
    } finally {
      source.close();
    }
  } finally {
    for (const file of sqliteFiles(copy)) rmSync(file, { force: true });
  }
  return name;
}

/**
 * Makes a copy one self-contained file (the online backup gives it the source's WAL mode,
 * whose -wal and -shm files would travel beside it), then checks it page by page.
 */
function checkCopy(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`${basename(file)} fails SQLite's integrity check: ${result}`);
  } finally {
    db.close();
  }
}

/** A database file and the files SQLite may keep beside it. */
function sqliteFiles(file: string): string[] {
  return ['', '-journal', '-wal', '-shm'].map((suffix) => `${file}${suffix}`);
}

/** Flushes a file, or a directory's entries, to the disk. */
function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function stem(dbPath: string): string {
  return basename(dbPath, extname(dbPath));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The environment's whole number `name`, or the default. */
function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name] || String(fallback);
  if (!/^[1-9]\d*$/.test(value)) throw new Error(`${name} must be a whole number of 1 or more, not "${value}"`);
  return Number(value);
}

async function main(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const { dbPath } = loadSettings(env);
  const dir = env.BACKUP_DIR;
  if (!dir) throw new Error('BACKUP_DIR must name the directory of the backups');
  const [task, ...flags] = args;
  if (task === 'backup' && flags.every((flag) => flag === '--gzip')) {
    const keep = count(env, 'BACKUP_KEEP', 7);
    const name = await backup({ dbPath, dir, keep, gzip: flags.includes('--gzip') });
    console.log(`backup ${name} written to ${dir}; kept: ${listBackups(dbPath, dir).join(', ')}`);
  } else if (task === 'restore' && flags.length === 0) {
    const name = await restore(dbPath, dir, env.RESTORE_FROM);
    console.log(`${name} restored onto ${dbPath}`);
  } else {
    throw new Error('usage: backup.js backup [--gzip] | backup.js restore');
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).catch((error: Error) => {
    console.error(`${process.argv[2] ?? 'backup'} failed: ${error.message}`);
    process.exitCode = 1;
  });
}
