import { randomUUID } from 'node:crypto';
import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export interface Reminder {
  id: string;
  title: string;
  dueDate: string;
}

export interface Page {
  items: Reminder[];
  /** Sequence number of the last item when more follow, else null. */
  next: number | null;
}

/** Schema versions in order; `user_version` records how many have been applied. */
const MIGRATIONS = [
  `CREATE TABLE reminders (
     seq      INTEGER PRIMARY KEY AUTOINCREMENT, -- insertion order; never reused, so cursors stay valid
     id       TEXT NOT NULL UNIQUE,
     title    TEXT NOT NULL,
     due_date TEXT NOT NULL
   );
   CREATE TABLE readiness_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL);`,
];

const COLUMNS = 'id, title, due_date AS dueDate';

/** Reminders in one SQLite file, which several processes may share (the book's three replicas). */
export class ReminderStore {
  private readonly statements;
  /** Commits this connection made: PRAGMA data_version counts only the other connections'. */
  private ownWrites = 0;
  private cachedAll?: { version: string; reminders: readonly Reminder[] };
  /** Reminders waiting for the next group commit, with how to answer their callers. */
  private pending: { reminder: Reminder; settle: (error?: Error) => void }[] = [];
  private readonly insertAll: (reminders: Reminder[]) => void;

  private constructor(private readonly db: Database.Database) {
    this.statements = {
      insert: db.prepare('INSERT INTO reminders (id, title, due_date) VALUES (@id, @title, @dueDate)'),
      all: db.prepare(`SELECT ${COLUMNS} FROM reminders ORDER BY seq`),
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
      get: db.prepare(`SELECT ${COLUMNS} FROM reminders WHERE id = ?`),
      remove: db.prepare('DELETE FROM reminders WHERE id = ?'),
      page: db.prepare(`SELECT seq, ${COLUMNS} FROM reminders WHERE seq > ? ORDER BY seq LIMIT ?`),
      probe: db.prepare(
        'INSERT INTO readiness_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at',
      ),
    };
    this.insertAll = db.transaction((reminders: Reminder[]) => {
      for (const reminder of reminders) this.statements.insert.run(reminder);
    });
  }

  /** Opens (creating if needed) the database; throws one-line errors that name the path. */
  static open(path: string): ReminderStore {
    assertWritableDirectory(dirname(path));
    try {
      const db = new Database(path);
      // Wait for other processes' locks instead of failing at once with SQLITE_BUSY.
      db.pragma('busy_timeout = 5000');
      db.pragma('journal_mode = WAL');
      // In WAL mode NORMAL makes a commit durable against a crash of the process (SIGKILL, OOM
      // kill): it is in the WAL before the call returns. Only an OS crash could lose the last
      // commits; FULL would fsync every commit, which halves the POST rate even with group commit.
      db.pragma('synchronous = NORMAL');
      migrate(db);
      return new ReminderStore(db);
    } catch (err) {
      throw new Error(`cannot open database ${path}: ${(err as Error).message}`);
    }
  }

  /**
   * Stores a reminder; resolves once it is committed. The adds made in one turn of the event loop
   * share one transaction (group commit): a commit costs about as much for ten rows as for one.
   */
  add(fields: Omit<Reminder, 'id'>): Promise<Reminder> {
    const reminder = { id: randomUUID(), ...fields };
    return new Promise((resolve, reject) => {
      const waiting = this.pending.push({ reminder, settle: (error) => (error ? reject(error) : resolve(reminder)) });
      if (waiting === 1) setImmediate(() => this.commitPending());
    });
  }

  private commitPending(): void {
    const batch = this.pending.splice(0);
    let failure: Error | undefined;
    try {
      this.insertAll(batch.map(({ reminder }) => reminder));
      this.ownWrites++;
    } catch (err) {
      failure = err as Error;
    }
    for (const { settle } of batch) settle(failure);
  }

  /**
   * Every reminder, oldest first: the web image's one read, on every page view. Kept in memory
   * (the same array, not to be modified) until this process or another one commits a change.
   */
  all(): readonly Reminder[] {
    const version = `${this.statements.dataVersion.get()}:${this.ownWrites}`;
    if (this.cachedAll?.version !== version) {
      this.cachedAll = { version, reminders: this.statements.all.all() as Reminder[] };
    }
    return this.cachedAll.reminders;
  }

  get(id: string): Reminder | undefined {
    return this.statements.get.get(id) as Reminder | undefined;
  }

  /** True if the reminder existed. */
  remove(id: string): boolean {
    const removed = this.statements.remove.run(id).changes > 0;
    if (removed) this.ownWrites++;
    return removed;
  }

  /** Up to `limit` reminders stored after sequence number `after` (0: from the start). */
  page(limit: number, after: number): Page {
    // One row more than asked tells whether another page follows.
    const rows = this.statements.page.all(after, limit + 1) as (Reminder & { seq: number })[];
    const items = rows.slice(0, limit);
    return {
      items: items.map(({ seq: _seq, ...reminder }) => reminder),
      next: rows.length > limit ? items[items.length - 1].seq : null,
    };
  }

  /** Commits a real write: readiness means the database is reachable and writable. */
  probe(): void {
    this.statements.probe.run(new Date().toISOString());
  }

  close(): void {
    this.db.close();
  }
}

function assertWritableDirectory(dir: string): void {
  let problem: string | undefined;
  try {
    if (!statSync(dir).isDirectory()) problem = 'is not a directory';
    else accessSync(dir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problem = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `is not writable (${code})`;
  }
  if (problem) throw new Error(`dbPath directory ${dir} ${problem}`);
}

/**
 * Brings the schema up to date inside BEGIN IMMEDIATE: the first process to start takes the
 * write lock and migrates, the others wait (busy_timeout), then find the work done.
 */
function migrate(db: Database.Database): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new Error(`schema version ${version} is newer than this server knows (${MIGRATIONS.length})`);
    }
    if (version === MIGRATIONS.length) return;
    for (const migration of MIGRATIONS.slice(version)) db.exec(migration);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
