export * from './stateless-web';
export * from './stateless-web-props';
