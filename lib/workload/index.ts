// The public face of the workload building blocks: the props both workload constructs share.
// The pod template, labels, policies and checks beside it are internal to lib/.
export * from './container-props';
export * from './env-props';
export * from './network-props';
export * from './placement-props';
export * from './probe-props';
export * from './security-props';
export * from './volume-props';
export * from './workload-props';
