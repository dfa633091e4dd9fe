export * from './surface';
export * from './resolve-entities';
export * from './rank-story-entities';
export * from './settle-name-types';
