/**
 * The Redis image's contract: what `npm run images` makes from Debian's `redis-server`
 * (images/images.ts) and what the example's chart relies on (user, port, paths), in one place.
 * No imports with side effects here: the chart loads this file at synth time.
 */
export const redisImageContract = {
  imageName: 'remind-me-redis',
  /** Redis's version; the build fails when Debian's mirror has another one. */
  imageTag: '7.0.15',
  debian: {
    /** The package the image runs: its upstream version is the tag. */
    package: 'redis-server',
    /** Removed after the install (dpkg --purge, in this order): only the install needed them. */
    remove: ['adduser'],
    exclude: [],
    preset: {},
  },
  /** The image's user, with ids pinned (Debian would assign them in install order). */
  user: 'redis',
  uid: 999,
  gid: 999,
  home: '/var/lib/redis',
  port: 6379,
  binDir: '/usr/bin',
  /** The working directory, where Redis writes unless its configuration names a `dir`. */
  dataDir: '/var/lib/redis',
  env: {},
  /** The configuration file is the first argument, as `args` gives it. */
  entrypoint: ['redis-server'],
} as const;
