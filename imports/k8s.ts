// The Kubernetes 1.27 L1 classes, as `cdk8s import k8s` would write them. That command
// downloads the schema from the internet; the same generated classes ship inside
// cdk8s-plus-27, so they are re-exported from there instead of being copied.
export * from 'cdk8s-plus-27/lib/imports/k8s';
