/** lib/core: the pure domain (DESIGN.md §2). Everything the UI shows about a job is computed here. */
export * from './types';
export * from './transitions';
export * from './dates';
export * from './checklist';
export * from './customer-view';
export * from './attention';
export * from './bulk';
export * from './search';
export * from './sort';
