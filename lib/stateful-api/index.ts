export * from './backup';
export * from './backup-props';
export * from './shell-backup';
export * from './stateful-api';
export * from './stateful-api-props';
