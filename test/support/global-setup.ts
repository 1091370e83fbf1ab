// The constructs package is tested on every Node.js line it declares (npm test: 24;
// npm test -w @remind-me/cdk8s-constructs: 22): say which one this is.
export default function globalSetup(): void {
  console.log(`\ninfra suite: Node.js ${process.version}`);
}
