/** Building blocks for connector simulators (not used by connectors at run time). */
export * from './random.js';
export * from './routes.js';
export * from './http.js';
export * from './sorted.js';
export * from './server.js';
export * from './people.js';
