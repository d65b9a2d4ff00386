export * from './model';
export * from './normalize';
export * from './graph';
