export * from './schema';
export * from './cache';
