export * from './model';
export * from './parse';
export * from './suite';
export * from './match';
export * from './run';
export * from './botmock';
