// The images the examples run, built from Debian's packages by `npm run images`
// (images/images.ts): one export per image, each from its example's image.ts.
export { postgresImageContract } from './postgres/image';
export { redisImageContract } from './redis/image';
