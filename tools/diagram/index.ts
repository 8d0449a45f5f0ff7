export * from './readme-section';
export * from './topology';
