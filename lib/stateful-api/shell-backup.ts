import { PropErrors } from '../prop-errors';

/** How a service's backup files are named: `<prefix>-<UTC time><suffix>`. */
export interface ShellBackupFiles {
  /**
   * Start of each backup's name, before its UTC time: `postgres` names a backup
   * `postgres-20261201T030000Z.dump`. Letters, digits, `.`, `_` and `-`, starting with a
   * letter or digit.
   */
  readonly prefix: string;
  /**
   * End of each backup's name, after its time, such as `.dump` or `.rdb`. Letters, digits,
   * `.`, `_` and `-`.
   * @default none
   */
  readonly suffix?: string;
}

/** What the backup and the restore commands of `ShellBackup` share. */
export interface ShellBackupCommonProps extends ShellBackupFiles {
  /**
   * Shell commands that succeed once the server answers, such as `pg_isready` or
   * `redis-cli ping`: tried every 2 seconds, 60 times at most, before the backup or restore.
   * A new pod's first connections may be refused until the cluster's NetworkPolicy engine
   * admits its address, or while the server starts.
   * @default none: the backup or restore starts at once
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   */
  readonly ready?: string;
}

/** A backup command made by `ShellBackup.command`. */
export interface ShellBackupProps extends ShellBackupCommonProps {
  /**
   * Shell commands that write one backup to the file `$BACKUP_FILE` and exit 0 only when it is
   * complete, such as `pg_dump --format=custom --file="$BACKUP_FILE"`. A pipeline fails only
   * when its last command does (POSIX sh has no pipefail).
   */
  readonly write: string;
}

/** A restore command made by `ShellBackup.restoreCommand`. */
export interface ShellRestoreProps extends ShellBackupCommonProps {
  /**
   * Shell commands that restore the backup in the file `$BACKUP_FILE`, such as
   * `pg_restore --clean --if-exists --dbname=postgres "$BACKUP_FILE"`.
   */
  readonly restore: string;
}

/** Names of backups, as a shell glob: the time is `date -u +%Y%m%dT%H%M%SZ`, so names sort by time. */
const TIME_GLOB = '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z';
const NAME_PART = /^[A-Za-z0-9._-]*$/;
// A prefix starting with "-" would be read as an option by ln.
const PREFIX = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

// `sh -c SCRIPT NAME PREFIX SUFFIX COMMANDS READY`: the user's commands are arguments, run
// by eval, so no quoting of them into the script is needed. The prefix and suffix are
// checked to hold no character the shell would expand.
const WAIT_READY = `if [ -n "$4" ]; then
  tries=60
  until eval "$4"; do
    tries=$((tries - 1))
    test "$tries" -gt 0 || { echo "$0: the server never answered: $4" >&2; exit 1; }
    sleep 2
  done
fi`;

const BACKUP_SCRIPT = `set -eu
prefix=$1 suffix=$2 write=$3
${WAIT_READY}
cd "$BACKUP_DIR"
# Leftovers of a run that died: runs never overlap (concurrencyPolicy Forbid).
rm -f ".$prefix-"*"$suffix.partial"
name="$prefix-$(date -u +%Y%m%dT%H%M%SZ)$suffix"
BACKUP_FILE="$BACKUP_DIR/.$name.partial"
export BACKUP_FILE
trap 'rm -f "$BACKUP_FILE"' EXIT
eval "$write"
test -s "$BACKUP_FILE" || { echo "backup: the commands wrote nothing to $BACKUP_FILE" >&2; exit 1; }
sync "$BACKUP_FILE"
# A link, not a rename: it fails rather than replace a backup of the same name.
ln "$BACKUP_FILE" "$name"
sync .
set -- "$prefix"-${TIME_GLOB}"$suffix"
while [ "$#" -gt "$BACKUP_KEEP" ]; do rm -- "$1"; shift; done
sync .
echo "backup $name written to $BACKUP_DIR; kept: $*"`;

const RESTORE_SCRIPT = `set -eu
prefix=$1 suffix=$2 restore=$3
${WAIT_READY}
cd "$BACKUP_DIR"
set -- "$prefix"-${TIME_GLOB}"$suffix"
test -e "$1" || { echo "restore: no backup $prefix-<time>$suffix in $BACKUP_DIR" >&2; exit 1; }
if [ -n "\${RESTORE_FROM:-}" ]; then
  name=
  for file; do if [ "$file" = "$RESTORE_FROM" ]; then name=$file; fi; done
  test -n "$name" || { echo "restore: $RESTORE_FROM is not a backup in $BACKUP_DIR (there: $*)" >&2; exit 1; }
else
  for name; do :; done
fi
BACKUP_FILE="$BACKUP_DIR/$name"
export BACKUP_FILE
eval "$restore"
echo "$name restored"`;

/**
 * Backup and restore commands for `StatefulApi.addBackup` from a line of shell, for images
 * with a POSIX shell and coreutils (such as Debian's): the line writes or reads one file,
 * `$BACKUP_FILE`; the command keeps to the backup contract. A backup is written under a
 * temporary name (`.<name>.partial`), checked to be non-empty, flushed to disk and linked to
 * its final name (a failed run leaves no backup under a final name; the next run deletes its
 * leftovers); then all but the newest `BACKUP_KEEP` are deleted. A restore takes
 * `RESTORE_FROM`, or the newest backup when it is empty.
 * @see https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/
 */
export class ShellBackup {
  /** The backup command: `sh -c` with `props.write`. */
  static command(props: ShellBackupProps): string[] {
    ShellBackup.check('ShellBackup.command', props, 'write', props.write);
    return ['sh', '-c', BACKUP_SCRIPT, 'backup', props.prefix, props.suffix ?? '', props.write, props.ready ?? ''];
  }

  /** The restore command: `sh -c` with `props.restore`. */
  static restoreCommand(props: ShellRestoreProps): string[] {
    ShellBackup.check('ShellBackup.restoreCommand', props, 'restore', props.restore);
    return ['sh', '-c', RESTORE_SCRIPT, 'restore', props.prefix, props.suffix ?? '', props.restore, props.ready ?? ''];
  }

  private static check(owner: string, files: ShellBackupFiles, prop: string, commands: string): void {
    const errors = new PropErrors(owner);
    const fix = 'use letters, digits, ".", "_" and "-" only';
    errors.check(PREFIX.test(files.prefix), 'prefix', `'${files.prefix}' is not a file name part starting with a letter or digit`, fix);
    errors.check(NAME_PART.test(files.suffix ?? ''), 'suffix', `'${files.suffix}' is not a file name part`, fix);
    errors.check(commands.trim() !== '', prop, 'is empty', 'give the shell commands, which use the file $BACKUP_FILE');
    errors.throwIfAny();
  }
}
