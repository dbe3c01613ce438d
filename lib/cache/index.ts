export * from './schema';
export * from './cache';
export * from './records';
