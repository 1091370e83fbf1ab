// The public face of the workload building blocks: the props both workload constructs share.
// The pod template, labels, policies and checks beside it are internal to lib/.
export * from './workload-props';
