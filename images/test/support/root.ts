// The image checks unpack layers with their owners, run containers with runc and start a
// containerd: all of that needs root. Say so plainly instead of failing half-way.
if (process.getuid?.() !== 0) {
  throw new Error('npm run test:images needs root (runc, network namespaces, containerd)');
}
