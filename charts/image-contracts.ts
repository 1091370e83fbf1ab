// The one place charts/ reads what the images of this repository's packages promise (image
// name and tag, port, probe paths, user): one export per package, each from its
// src/image-contract.ts.
// test/repo/layers.test.ts holds the rest of charts/ to this; `npm run images` builds one image
// per export (images/images.ts).
export { apiImageContract } from '../api/src/image-contract';
export { webImageContract } from '../web/src/image-contract';
