// The public face of the library (the package @remind-me/cdk8s-constructs). Modules left out here (prop-errors, the workload's pod
// template, labels, policies and checks, each construct's validate) are internal to lib/.
export * from './checks';
export * from './final-json';
export * from './host-path-volume';
export * from './manifest-checks';
export * from './restricted-namespace';
export * from './secret-value';
export * from './scheduled-job';
export * from './stateful-api';
export * from './stateless-web';
export * from './warnings';
export * from './workload';
