export * from './stateful-api';
export * from './stateless-web';
export * from './host-path-volume';
export * from './restricted-namespace';
export * from './secret-value';
export { ResourceList, ResourceProps, ProbeProps, PodSecurityProps, WorkloadProps, DEFAULT_RESOURCES } from './workload';
export { warningsOf } from './warnings';
export { isPinnedImage, parseQuantity } from './validation';
