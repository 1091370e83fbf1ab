/**
 * The PostgreSQL image's contract: what `npm run images` makes from Debian's `postgresql-15`
 * (images/images.ts) and what the example's chart relies on (user, port, paths), in one place.
 * No imports with side effects here: the chart loads this file at synth time.
 */
export const postgresImageContract = {
  imageName: 'remind-me-postgres',
  /** PostgreSQL's version; the build fails when Debian's mirror has another one. */
  imageTag: '15.20',
  debian: {
    /** The package the image runs: its upstream version is the tag. */
    package: 'postgresql-15',
    /**
     * Removed after the install (dpkg --purge, in this order): the JIT's LLVM and Z3 (110 and
     * 23 MB; the JIT stays off without them), the perl wrappers of postgresql-common (the real
     * binaries are on PATH), locale sources (C.UTF-8 is built into libc), and ssl-cert with
     * the snakeoil key its install makes (no key in an image).
     */
    remove: ['ssl-cert', 'postgresql-common', 'postgresql-client-common', 'perl', 'libperl5.36', 'perl-modules-5.36',
      'libllvm14', 'libz3-4', 'locales', 'openssl'],
    /** Never unpacked (dpkg path-exclude): the JIT provider, which would load LLVM. */
    exclude: ['/usr/lib/postgresql/15/lib/llvmjit*', '/usr/lib/postgresql/15/lib/bitcode/*'],
    /** Written before the packages are installed: the postinst must not create a cluster (PGDATA is the claim's). */
    preset: { '/etc/postgresql-common/createcluster.d/no-main-cluster.conf': 'create_main_cluster = false\n' },
  },
  /** The image's user, with ids pinned (Debian would assign them in install order). */
  user: 'postgres',
  uid: 999,
  gid: 999,
  home: '/var/lib/postgresql',
  port: 5432,
  /** Where the server and client binaries are: first on PATH. */
  binDir: '/usr/lib/postgresql/15/bin',
  /** Where a claim is mounted; the cluster is a subdirectory (some volumes hold lost+found). */
  dataDir: '/var/lib/postgresql/data',
  /** The image's environment (PATH is made from binDir). */
  env: { PGDATA: '/var/lib/postgresql/data/pgdata', LANG: 'C.UTF-8' },
  /** The Unix socket directory Debian's build uses: writable in the pod. */
  socketDir: '/var/run/postgresql',
  entrypoint: ['postgres'],
} as const;
