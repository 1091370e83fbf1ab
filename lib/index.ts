// The public face of the library (the package @remind-me/cdk8s-constructs). Modules left out here (the
// PropErrors class, the workload's pod template, labels and policies, each construct's validate) are internal to lib/.
export * from './final-json';
export * from './host-path-volume';
export * from './image-reference';
export * from './manifest-checks';
export { problemWithFix } from './prop-errors';
export * from './quantities';
export * from './restricted-namespace';
export * from './secret-value';
export * from './scheduled-job';
export * from './stateful-api';
export * from './stateless-web';
export * from './warnings';
export * from './workload';
