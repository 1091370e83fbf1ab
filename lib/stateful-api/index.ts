export * from './stateful-api';
export * from './stateful-api-props';
